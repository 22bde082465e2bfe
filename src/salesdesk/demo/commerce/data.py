"""The demo catalogue and the words orders, incidents and contracts are written with.

The catalogue is the seed's magazine publisher: adverts in the magazine, banners on its web site, stands
at its annual trade show, and printed goods and displays that are kept in stock. Every product has its
name in the five languages the product speaks, and implies work for the design, web, trade-fair or
logistics department when it is sold.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from salesdesk.catalog.choices import DeliverableAction, ProductKind, Unit
from salesdesk.orders.choices import IncidentKind
from salesdesk.org.choices import DepartmentKind

# The departments products send work to; `demo_catalog` makes sure the demo unit has each of them.
WORK_DEPARTMENTS = (
    DepartmentKind.DESIGN,
    DepartmentKind.WEB,
    DepartmentKind.FAIRS,
    DepartmentKind.LOGISTICS,
)


@dataclass(frozen=True)
class Category:
    key: str
    name: str
    names: dict[str, str]


CATEGORIES = (
    Category(
        "print",
        "Print advertising",
        {"de": "Printwerbung", "it": "Pubblicità stampa", "zh-hans": "印刷广告", "bg": "Печатна реклама"},
    ),
    Category(
        "online",
        "Online advertising",
        {"de": "Onlinewerbung", "it": "Pubblicità online", "zh-hans": "网络广告", "bg": "Онлайн реклама"},
    ),
    Category(
        "fairs",
        "Trade shows",
        {"de": "Messen", "it": "Fiere", "zh-hans": "展会", "bg": "Изложения"},
    ),
    Category(
        "printed",
        "Printed matter and displays",
        {
            "de": "Drucksachen und Displays",
            "it": "Stampati ed espositori",
            "zh-hans": "印刷品和展示架",
            "bg": "Печатни материали и стойки",
        },
    ),
    Category(
        "services",
        "Creative services",
        {
            "de": "Kreativleistungen",
            "it": "Servizi creativi",
            "zh-hans": "创意服务",
            "bg": "Творчески услуги",
        },
    ),
)


@dataclass(frozen=True)
class Work:
    """One implied deliverable: which department does what, how many days after the start."""

    department: str
    action: str
    title: str
    days: int = 0


@dataclass(frozen=True)
class ProductSpec:
    sku: str
    name: str
    names: dict[str, str]
    category: str
    kind: str
    unit: str
    price_eur: Decimal
    cost_eur: Decimal
    tax_rate: Decimal = Decimal("19.00")
    stocked: bool = False
    work: tuple[Work, ...] = field(default_factory=tuple)


PRINT_ADVERT = "MAG-AD-1/1"
WEB_BANNER = "WEB-BANNER"
FAIR_STAND = "FAIR-STAND"

PRODUCTS = (
    ProductSpec(
        PRINT_ADVERT,
        "Full-page advert in the magazine",
        {
            "de": "Ganzseitige Anzeige im Magazin",
            "it": "Pagina pubblicitaria intera sulla rivista",
            "zh-hans": "杂志整版广告",
            "bg": "Реклама на цяла страница в списанието",
        },
        "print",
        ProductKind.ADVERTISING,
        Unit.ISSUE,
        Decimal("4800.00"),
        Decimal("1150.00"),
        work=(
            Work(
                DepartmentKind.DESIGN,
                DeliverableAction.PLACE_IN_ISSUES,
                "Place the advert in the issues",
                -10,
            ),
        ),
    ),
    ProductSpec(
        "MAG-AD-1/2",
        "Half-page advert in the magazine",
        {
            "de": "Halbseitige Anzeige im Magazin",
            "it": "Mezza pagina pubblicitaria sulla rivista",
            "zh-hans": "杂志半版广告",
            "bg": "Реклама на половин страница в списанието",
        },
        "print",
        ProductKind.ADVERTISING,
        Unit.ISSUE,
        Decimal("2600.00"),
        Decimal("640.00"),
        work=(
            Work(
                DepartmentKind.DESIGN,
                DeliverableAction.PLACE_IN_ISSUES,
                "Place the advert in the issues",
                -10,
            ),
        ),
    ),
    ProductSpec(
        WEB_BANNER,
        "Web banner on the magazine's site",
        {
            "de": "Webbanner auf der Website des Magazins",
            "it": "Banner sul sito della rivista",
            "zh-hans": "杂志网站横幅广告",
            "bg": "Банер на сайта на списанието",
        },
        "online",
        ProductKind.ADVERTISING,
        Unit.MONTH,
        Decimal("950.00"),
        Decimal("120.00"),
        work=(Work(DepartmentKind.WEB, DeliverableAction.PUT_LIVE, "Put the banner live", 0),),
    ),
    ProductSpec(
        "NEWSLETTER",
        "Newsletter sponsorship",
        {
            "de": "Newsletter-Sponsoring",
            "it": "Sponsorizzazione della newsletter",
            "zh-hans": "电子报赞助",
            "bg": "Спонсорство на бюлетина",
        },
        "online",
        ProductKind.ADVERTISING,
        Unit.ISSUE,
        Decimal("700.00"),
        Decimal("90.00"),
        work=(
            Work(
                DepartmentKind.WEB, DeliverableAction.PUT_LIVE, "Add the sponsor block to the newsletter", -3
            ),
        ),
    ),
    ProductSpec(
        FAIR_STAND,
        "Stand at the annual trade show",
        {
            "de": "Stand auf der Jahresmesse",
            "it": "Stand alla fiera annuale",
            "zh-hans": "年度展会展位",
            "bg": "Щанд на годишното изложение",
        },
        "fairs",
        ProductKind.SERVICE,
        Unit.SQUARE_METRE,
        Decimal("380.00"),
        Decimal("150.00"),
        work=(
            Work(
                DepartmentKind.FAIRS,
                DeliverableAction.INVOICE_DISCOUNTED,
                "Invoice the stand at the agreed price",
                -30,
            ),
            Work(DepartmentKind.FAIRS, DeliverableAction.PRODUCE, "Set up the stand", -1),
        ),
    ),
    ProductSpec(
        "DESIGN-HOUR",
        "Advert design",
        {
            "de": "Anzeigengestaltung",
            "it": "Progettazione dell'annuncio",
            "zh-hans": "广告设计",
            "bg": "Дизайн на реклама",
        },
        "services",
        ProductKind.SERVICE,
        Unit.HOUR,
        Decimal("95.00"),
        Decimal("48.00"),
        work=(Work(DepartmentKind.DESIGN, DeliverableAction.PRODUCE, "Design the advert", -21),),
    ),
    ProductSpec(
        "BROCHURE-A4",
        "Product brochure A4 (100 copies)",
        {
            "de": "Produktbroschüre A4 (100 Stück)",
            "it": "Brochure prodotto A4 (100 copie)",
            "zh-hans": "A4产品宣传册（100份）",
            "bg": "Продуктова брошура A4 (100 броя)",
        },
        "printed",
        ProductKind.GOODS,
        Unit.PACKAGE,
        Decimal("145.00"),
        Decimal("52.00"),
        stocked=True,
        work=(Work(DepartmentKind.LOGISTICS, DeliverableAction.SHIP, "Ship the brochures", 2),),
    ),
    ProductSpec(
        "ROLLUP-85",
        "Roll-up display stand 85 × 200 cm",
        {
            "de": "Roll-up-Display 85 × 200 cm",
            "it": "Espositore roll-up 85 × 200 cm",
            "zh-hans": "易拉宝展架 85 × 200 厘米",
            "bg": "Ролъп стойка 85 × 200 см",
        },
        "printed",
        ProductKind.GOODS,
        Unit.PIECE,
        Decimal("189.00"),
        Decimal("71.00"),
        stocked=True,
        work=(Work(DepartmentKind.LOGISTICS, DeliverableAction.SHIP, "Ship the display stands", 2),),
    ),
    ProductSpec(
        "SALES-KIT",
        "Sales kit folder",
        {
            "de": "Vertriebsmappe",
            "it": "Cartella kit di vendita",
            "zh-hans": "销售资料夹",
            "bg": "Папка с търговски материали",
        },
        "printed",
        ProductKind.GOODS,
        Unit.PIECE,
        Decimal("24.00"),
        Decimal("7.50"),
        stocked=True,
    ),
    ProductSpec(
        "COUNTER-STAND",
        "Brochure counter stand",
        {
            "de": "Prospektständer für die Theke",
            "it": "Espositore da banco per brochure",
            "zh-hans": "台式宣传册架",
            "bg": "Стойка за брошури за щанд",
        },
        "printed",
        ProductKind.GOODS,
        Unit.PIECE,
        Decimal("65.00"),
        Decimal("22.00"),
        stocked=True,
    ),
)

# Price lists: the euro list is the master; the others are converted at these rates and rounded.
PRICE_LIST_RATES = {
    "EUR": Decimal(1),
    "USD": Decimal("1.10"),
    "CNY": Decimal("7.90"),
    "BGN": Decimal("1.95583"),
}
PRICE_LIST_NAMES = {
    "EUR": "Preisliste {year}",
    "USD": "Price list {year} (USD)",
    "CNY": "{year}年价目表",
    "BGN": "Ценова листа {year}",
}
# Last year's prices were this much lower.
LAST_YEAR_FACTOR = Decimal("0.95")
# Next year's list, already published, is this much higher.
NEXT_YEAR_FACTOR = Decimal("1.04")

# (code, name) of the places goods are kept.
STOCK_LOCATIONS = (
    ("berlin", "Lager Berlin"),
    ("milano", "Magazzino Milano"),
    ("shanghai", "上海仓库"),
)

# Orders per month, relative: trade-show season in spring and autumn, quiet in August and December.
SEASON = (0.8, 1.0, 1.3, 1.2, 1.0, 0.9, 0.8, 0.4, 1.2, 1.4, 1.1, 0.6)
CARRIERS = ("DHL", "DPD", "UPS", "BRT", "SF Express", "Speedy")

INCIDENTS = {
    IncidentKind.DAMAGE: "Two display stands arrived with bent poles.",
    IncidentKind.DEFECT: "The brochures have a printing defect on page 4.",
    IncidentKind.WRONG_ASSORTMENT: "We received the A5 brochures instead of A4.",
    IncidentKind.UNLOADING: "No forklift at the trade-show hall; the driver could not unload.",
    IncidentKind.LATE: "The goods arrived three days after the trade show had opened.",
}
RESOLUTION_NOTES = {
    "replacement": "New ones sent by express.",
    "credit_note": "Credit note issued for the damaged part.",
    "return": "Picked up and refunded.",
    "discount": "10 % off the next order, agreed with the customer.",
}

CONTRACT_TITLES = {
    "de": ("Mediapaket {year}", "Messeauftritt {year}", "Jahresvereinbarung Anzeigen {year}"),
    "it": ("Pacchetto media {year}", "Presenza in fiera {year}", "Accordo annuale pubblicità {year}"),
    "zh-hans": ("{year}年媒体套餐", "{year}年展会参展", "{year}年度广告协议"),
    "bg": ("Медиен пакет {year}", "Участие в изложение {year}", "Годишен договор за реклама {year}"),
    "en": ("Media package {year}", "Trade show presence {year}", "Annual advertising agreement {year}"),
}
# (note, link, reference) a department leaves as evidence, by action.
EVIDENCE: dict[str, tuple[str, str, str]] = {
    DeliverableAction.PLACE_IN_ISSUES: ("Advert placed as agreed.", "", "Issue {issue}"),
    DeliverableAction.PUT_LIVE: (
        "Banner live, checked on desktop and mobile.",
        "https://magazine.example/",
        "",
    ),
    DeliverableAction.INVOICE_DISCOUNTED: ("Invoiced at the discounted price.", "", "INV-{number}"),
    DeliverableAction.PRODUCE: ("Done and approved by the customer.", "", ""),
    DeliverableAction.SHIP: ("Shipped.", "", "Tracking {number}"),
    DeliverableAction.OTHER: ("Done.", "", ""),
}
