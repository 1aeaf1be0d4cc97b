app_name = "aides"
urlpatterns: list = []
