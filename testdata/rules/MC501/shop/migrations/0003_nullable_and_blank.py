from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("shop", "0002_add_fields")]

    operations = [
        # Fine: `null=` any true value is nullable, and a NullBooleanField always is.
        migrations.AddField("product", "gift", models.BooleanField(null="True")),
        migrations.AddField("product", "rank", models.IntegerField(null=1)),
        migrations.AddField("product", "on_sale", models.NullBooleanField(default=False)),
        # Django fills the existing rows with '' or the time: only inserts from the old code fail.
        migrations.AddField("product", "subtitle", models.CharField(blank=True, max_length=50)),
        migrations.AddField("product", "changed", models.DateTimeField(auto_now=True)),
        # A false `null=` is NOT NULL.
        migrations.AddField("product", "stock", models.IntegerField(null=0)),
    ]
