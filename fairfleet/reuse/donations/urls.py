app_name = "donations"
urlpatterns = []
