from django.urls import path

from . import views

app_name = "articles"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("search/", views.SearchView.as_view(), name="search"),
    path("articles/<slug:slug>/", views.ArticleDetailView.as_view(), name="article"),
    path("tags/<slug:slug>/", views.TagView.as_view(), name="tag"),
    path("films/<slug:slug>/", views.FilmView.as_view(), name="film"),
    path("people/<slug:slug>/", views.PersonView.as_view(), name="person"),
    path("sources/<slug:slug>/", views.SourceView.as_view(), name="source"),
    path("authors/<slug:slug>/", views.AuthorView.as_view(), name="author"),
    path("preview/<str:signed>/", views.SharedPreviewView.as_view(), name="shared_preview"),
]
