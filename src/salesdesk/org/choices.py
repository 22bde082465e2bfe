from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    SALES_REP = "rep", _("Sales rep")
    COORDINATOR = "coordinator", _("Sales coordinator")
    MANAGER = "manager", _("Sales manager")
    DEPARTMENT_STAFF = "department", _("Department staff")
    FINANCE = "finance", _("Finance")
    ADMIN = "admin", _("Administrator")


class DepartmentKind(models.TextChoices):
    SALES = "sales", _("Sales")
    MARKETING = "marketing", _("Marketing")
    DESIGN = "design", _("Design")
    WEB = "web", _("Web and technology")
    FAIRS = "fairs", _("Trade fairs")
    LOGISTICS = "logistics", _("Logistics")
    CUSTOMER_SERVICE = "customer_service", _("Customer service")
    FINANCE = "finance", _("Finance")
    PRODUCTION = "production", _("Production")
