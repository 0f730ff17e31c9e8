from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("catalog", "0002_item")]

    operations = []
