from django.apps import AppConfig


class ShopConfig(AppConfig):
    name = "shopcore"
    # Keeps the label the app had before it moved.
    label = "shop"
