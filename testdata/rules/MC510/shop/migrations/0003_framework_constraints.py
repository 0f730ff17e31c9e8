from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("shop", "0002_fk")]

    operations = [
        migrations.AddConstraint(
            model_name="product",
            constraint=models.CheckConstraint(
                condition=models.Q(price__gte=0), name="product_price_positive"
            ),
        ),
        # Fine: Django declares a key added with its field in the ADD COLUMN, and
        # PostgreSQL does not check the rows of a column it has just added (its index is
        # MC508's); a unique constraint is MC508's too.
        migrations.AddField(
            model_name="product",
            name="maker",
            field=models.ForeignKey(null=True, on_delete=models.CASCADE, to="shop.maker"),
        ),
        migrations.AddConstraint(
            model_name="product",
            constraint=models.UniqueConstraint(fields=["name"], name="product_name_uniq"),
        ),
        # Fine: the database side is NOT VALID SQL; the state side runs none.
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunSQL(
                    "ALTER TABLE shop_product ADD CONSTRAINT product_name_set CHECK (name <> '') NOT VALID;",
                    reverse_sql="ALTER TABLE shop_product DROP CONSTRAINT product_name_set;",
                ),
            ],
            state_operations=[
                migrations.AddConstraint(
                    model_name="product",
                    constraint=models.CheckConstraint(
                        condition=~models.Q(name=""), name="product_name_set"
                    ),
                ),
            ],
        ),
    ]
