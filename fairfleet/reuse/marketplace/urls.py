app_name = "marketplace"
urlpatterns = []
