from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("storefront", "0001_initial"), ("store", "0001_initial")]

    operations = []
