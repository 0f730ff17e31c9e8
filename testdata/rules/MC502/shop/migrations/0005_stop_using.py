from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("shop", "0004_cleanup")]

    operations = [
        # The first step: the code stops using the fields; the columns stay.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField("product", "code"),
                migrations.RemoveField("product", "owner"),
                migrations.RemoveField("product", "labels"),
            ],
            database_operations=[],
        ),
        # Dropped in the same release as the code stops using it.
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.RemoveField("product", "name")],
            database_operations=[
                migrations.RunSQL(
                    "ALTER TABLE shop_product DROP COLUMN name;",
                    reverse_sql=migrations.RunSQL.noop,
                ),
            ],
        ),
    ]
