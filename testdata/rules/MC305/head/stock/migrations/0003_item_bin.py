from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("stock", "0002_item_qty")]

    operations = [
        migrations.AddField("item", "bin", models.IntegerField(null=True)),
    ]
