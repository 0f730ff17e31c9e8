from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("shop", "0002_price"), ("storefront", "0002_banner")]

    operations = []
