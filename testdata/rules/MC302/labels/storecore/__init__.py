from django.apps import AppConfig


class ShopConfig(AppConfig):
    name = "storecore"
    # Keeps the label the app had before it moved.
    label = "store"
