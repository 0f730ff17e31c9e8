from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("warehouse", "0002_initial")]

    operations = [
        migrations.AddField("stock", "sku", models.CharField(max_length=32)),
    ]
