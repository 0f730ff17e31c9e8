from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("storefront", "0001_initial"), ("shop", "0001_initial")]

    operations = []
