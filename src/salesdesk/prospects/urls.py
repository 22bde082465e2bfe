from django.urls import path

from salesdesk.prospects import views

app_name = "prospects"
urlpatterns = [
    path("prospects/", views.prospect_list, name="prospect-list"),
    path("prospects/new/", views.prospect_create, name="prospect-create"),
    path("prospects/funnel/", views.funnel, name="funnel"),
    path("prospects/funnel.csv", views.funnel_csv, name="funnel-csv"),
    path("prospects/questionnaires/", views.questionnaire_list, name="questionnaire-list"),
    path("prospects/questionnaires/new/", views.questionnaire_create, name="questionnaire-create"),
    path("prospects/questionnaires/<int:pk>/", views.questionnaire_edit, name="questionnaire-edit"),
    path("prospects/questionnaires/<int:pk>/questions/new/", views.question_create, name="question-create"),
    path(
        "prospects/questionnaires/<int:pk>/questions/<int:question_pk>/",
        views.question_edit,
        name="question-edit",
    ),
    path("prospects/<int:pk>/", views.prospect_detail, name="prospect-detail"),
    path("prospects/<int:pk>/edit/", views.prospect_edit, name="prospect-edit"),
    path("prospects/<int:pk>/attempt/", views.prospect_attempt, name="prospect-attempt"),
    path("prospects/<int:pk>/answers/", views.prospect_answer, name="prospect-answer"),
    path("prospects/<int:pk>/tee-up/", views.prospect_tee_up, name="prospect-tee-up"),
    path("prospects/<int:pk>/accept/", views.prospect_accept, name="prospect-accept"),
    path("prospects/<int:pk>/send-back/", views.prospect_send_back, name="prospect-send-back"),
    path("prospects/<int:pk>/convert/", views.prospect_convert, name="prospect-convert"),
]
