from django.db import migrations


class Migration(migrations.Migration):
    replaces = [("stock", "0001_initial"), ("stock", "0002_a"), ("stock", "0003_b")]

    dependencies = []

    operations = []
