from django.urls import path

from salesdesk.contracts import views_queue

urlpatterns = [
    path("queue/", views_queue.queue, name="queue"),
    path("deliverables/<int:pk>/", views_queue.deliverable_detail, name="deliverable-detail"),
    path("deliverables/<int:pk>/take/", views_queue.deliverable_claim, name="deliverable-claim"),
    path("deliverables/<int:pk>/start/", views_queue.deliverable_start, name="deliverable-start"),
    path("deliverables/<int:pk>/complete/", views_queue.deliverable_complete, name="deliverable-complete"),
    path("deliverables/<int:pk>/assign/", views_queue.deliverable_assign, name="deliverable-assign"),
    path("deliverables/<int:pk>/reopen/", views_queue.deliverable_reopen, name="deliverable-reopen"),
    path("deliverables/<int:pk>/cancel/", views_queue.deliverable_cancel, name="deliverable-cancel"),
]
