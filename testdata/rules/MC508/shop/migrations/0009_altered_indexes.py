from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("shop", "0008_field_indexes")]

    operations = [
        # The model state knows `weight` had no index, `rank` no unique constraint.
        migrations.AlterField(
            model_name="product",
            name="weight",
            field=models.IntegerField(db_index=True, null=True),
        ),
        migrations.AlterField(
            model_name="product",
            name="rank",
            field=models.IntegerField(null=True, unique=True),
        ),
        # Fine: the index was there before.
        migrations.AlterField(
            model_name="product",
            name="maker",
            field=models.ForeignKey(null=True, on_delete=models.PROTECT, to="shop.maker"),
        ),
        migrations.AlterField(
            model_name="product",
            name="barcode",
            field=models.CharField(max_length=20, null=True, unique=True),
        ),
        migrations.AddConstraint(
            model_name="product",
            constraint=models.UniqueConstraint(fields=["maker", "slug"], name="product_maker_slug_uniq"),
        ),
        # A partial one is built by CREATE UNIQUE INDEX: it cannot become a constraint.
        migrations.AddConstraint(
            model_name="product",
            constraint=models.UniqueConstraint(
                fields=["slug"], condition=models.Q(rank__gt=0), name="product_ranked_slug_uniq"
            ),
        ),
        migrations.AlterIndexTogether(
            name="product",
            index_together={("maker", "rank"), ("slug", "weight")},
        ),
        # Fine: what `index_together` had already.
        migrations.AlterIndexTogether(
            name="product",
            index_together={("maker", "rank"), ("slug", "weight")},
        ),
    ]
