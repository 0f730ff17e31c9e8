from django.db import migrations

TABLE = "shop_product"


class Migration(migrations.Migration):
    dependencies = [("shop", "0002_types")]

    operations = [
        # The names a template is filled with are string literals: the table and the column
        # are known.
        migrations.RunSQL(
            """
            ALTER TABLE "{table_name}"
               ALTER COLUMN "{column_name}" TYPE jsonb USING "{column_name}"::jsonb;
            """.format(table_name="shop_product", column_name="attributes"),
            reverse_sql=migrations.RunSQL.noop,
        ),
        migrations.RunSQL(
            "ALTER TABLE %(table)s ALTER COLUMN %(column)s TYPE bigint"
            % {"table": "shop_product", "column": "views"},
            reverse_sql=migrations.RunSQL.noop,
        ),
        # A name held by a variable is computed.
        migrations.RunSQL(
            f"ALTER TABLE {TABLE} ALTER COLUMN stock TYPE bigint",
            reverse_sql=migrations.RunSQL.noop,
        ),
    ]
