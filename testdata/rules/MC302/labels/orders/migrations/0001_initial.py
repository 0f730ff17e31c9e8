from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("store", "0002_price"), ("storefront", "0002_banner")]

    operations = []
