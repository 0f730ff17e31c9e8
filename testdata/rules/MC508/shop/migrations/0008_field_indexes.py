from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("shop", "0007_guarded_rebuild")]

    operations = [
        migrations.CreateModel(
            name="Maker",
            fields=[("id", models.BigAutoField(primary_key=True))],
        ),
        # A key's column is indexed unless `db_index=False`.
        migrations.AddField(
            model_name="product",
            name="maker",
            field=models.ForeignKey(null=True, on_delete=models.CASCADE, to="shop.maker"),
        ),
        migrations.AddField(
            model_name="product",
            name="slug",
            field=models.SlugField(null=True),
        ),
        # A unique field is a unique constraint: `ALTER TABLE ... ADD CONSTRAINT`.
        migrations.AddField(
            model_name="product",
            name="barcode",
            field=models.CharField(max_length=13, null=True, unique=True),
        ),
        migrations.AddField(
            model_name="product",
            name="rank",
            field=models.IntegerField(db_index=True, null=True),
        ),
        # Fine: no index, or none on this table's columns.
        migrations.AddField(
            model_name="product",
            name="brand",
            field=models.ForeignKey(
                db_index=False, null=True, on_delete=models.CASCADE, to="shop.maker"
            ),
        ),
        migrations.AddField(
            model_name="product",
            name="makers",
            field=models.ManyToManyField(to="shop.maker", related_name="+"),
        ),
        migrations.AddField(
            model_name="product",
            name="weight",
            field=models.IntegerField(null=True),
        ),
        # Fine: the table is new.
        migrations.AddField(
            model_name="maker",
            name="parent",
            field=models.ForeignKey(null=True, on_delete=models.CASCADE, to="shop.maker"),
        ),
    ]
