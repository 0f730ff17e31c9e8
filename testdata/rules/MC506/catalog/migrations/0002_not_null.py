from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("catalog", "0001_initial")]

    operations = [
        # The model state has both moved models: `price` and `country` were nullable.
        migrations.AlterField("product", "price", models.BigIntegerField()),
        migrations.AlterField("maker", "country", models.CharField(max_length=2)),
        # A state-only operation is never checked: it runs no SQL.
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.AlterField("product", "name", models.CharField(max_length=100, null=True))],
        ),
        # The database side is checked, against the model state the operation above left:
        # `name` is nullable there.
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.AlterField("product", "name", models.CharField(max_length=100))],
        ),
    ]
