app_name = "ingenierie"
urlpatterns: list = []
