from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("shop", "0002_indexes")]

    operations = [
        migrations.RenameField("product", "code", "sku"),
        # Fine: the same constraint under the field's new name; Django runs no SQL.
        migrations.AlterUniqueTogether("product", {("sku", "name")}),
        # Fine: a new model's table has no rows, by model name or table name.
        migrations.CreateModel("Review", [("id", models.BigAutoField(primary_key=True)), ("stars", models.IntegerField())]),
        migrations.RunSQL("CREATE INDEX review_stars_idx ON shop_review (stars)", migrations.RunSQL.noop),
        migrations.CreateModel(
            "Archive",
            [("id", models.BigAutoField(primary_key=True)), ("day", models.DateField())],
            options={"db_table": "archived_reviews"},
        ),
        migrations.RunSQL("CREATE INDEX archived_reviews_day ON archived_reviews (day)", migrations.RunSQL.noop),
        # Fine: Django makes no index for a model it does not manage.
        migrations.CreateModel(
            "ReviewStats",
            [("id", models.BigAutoField(primary_key=True)), ("stars", models.IntegerField())],
            options={"managed": False},
        ),
    ]
