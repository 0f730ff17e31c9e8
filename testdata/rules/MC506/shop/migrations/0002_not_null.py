from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("shop", "0001_initial")]

    operations = [
        # `name` was null=True: now NOT NULL.
        migrations.AlterField("product", "name", models.CharField(max_length=100)),
        # Fine: `code` was NOT NULL already; only its length changes.
        migrations.AlterField("product", "code", models.CharField(max_length=64)),
        # Fine: still nullable.
        migrations.AlterField("product", "price", models.BigIntegerField(null=True)),
    ]
