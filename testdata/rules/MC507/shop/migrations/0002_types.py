from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("shop", "0001_initial")]

    operations = [
        migrations.AlterField("product", "price", models.BigIntegerField(null=True)),
        migrations.AlterField("product", "code", models.CharField(max_length=16)),
        # Fine: in place on PostgreSQL.
        migrations.AlterField("product", "name", models.CharField(max_length=200, null=True)),
        migrations.AlterField("product", "notes", models.TextField()),
        # A relation's column follows the target's key, which is not known: no claim.
        migrations.AlterField(
            "product", "maker_token", models.ForeignKey("shop.maker", models.CASCADE, null=True)
        ),
    ]
