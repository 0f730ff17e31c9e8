from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("shop", "0001_initial")]

    operations = [
        # A comment above an operation covers all of it, down to the SQL it flags.
        # migcheck: ignore[MC508] the table holds a few rows
        migrations.RunSQL(
            "CREATE INDEX product_name_idx ON shop_product (name)",
            "DROP INDEX product_name_idx",
        ),
        migrations.RunSQL(
            "CREATE INDEX product_code_idx ON shop_product (code)",
            "DROP INDEX product_code_idx",  # migcheck: ignore[MC508] a comment inside, too
        ),
    ]
