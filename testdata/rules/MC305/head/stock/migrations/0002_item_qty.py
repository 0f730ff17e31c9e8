from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("stock", "0001_initial")]

    operations = [
        migrations.AddField("item", "qty", models.IntegerField(null=True)),
    ]
