from django.db import migrations


class Migration(migrations.Migration):
    replaces = [("catalog", "0001_initial"), ("catalog", "0002_item")]

    dependencies = []

    operations = []
