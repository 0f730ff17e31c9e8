from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("stock", "0004_c"), ("shop", "0004_missing")]

    operations = []
