import taggit.managers
from django.db import migrations, models
from django.db.models.functions import Now


class Migration(migrations.Migration):
    dependencies = [("shop", "0001_initial")]

    operations = [
        migrations.AddField("product", "sku", models.CharField(max_length=32, default="")),
        migrations.AddField(
            model_name="product",
            name="weight",
            field=models.IntegerField(),
            preserve_default=False,
        ),
        # Fine: nullable, database default, many-to-many, a new model's fields.
        migrations.AddField("product", "ean", models.CharField(max_length=13, null=True)),
        migrations.AddField("product", "added", models.DateTimeField(db_default=Now())),
        migrations.AddField("product", "tags", models.ManyToManyField(to="shop.tag")),
        migrations.AddField("product", "labels", taggit.managers.TaggableManager(to="taggit.Tag")),
        migrations.CreateModel("Tag", [("id", models.BigAutoField(primary_key=True))]),
        migrations.AddField("tag", "label", models.CharField(max_length=20)),
        # Fine: the database computes a generated column, and numbers a new key itself.
        migrations.AddField(
            "product",
            "total",
            models.GeneratedField(
                expression=models.F("price") * 2,
                output_field=models.IntegerField(),
                db_persist=True,
            ),
        ),
        migrations.AddField("product", "number", models.SmallAutoField(unique=True)),
    ]
