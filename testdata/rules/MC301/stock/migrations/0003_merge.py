from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("stock", "0002_a"), ("stock", "0002_b")]

    operations = []
