from django.db import migrations

TABLE = "shop_item"


class Migration(migrations.Migration):
    label = f"{TABLE!r:>{20}} {{ {"(" + "]"}"
    sql = dict(f"{")"}",
    note=rf"\{TABLE[")"]}",
    )
    dependencies = [("shop", f"0001_{'initial'}"), ("shop", "0001_initial")]
    operations = [
        migrations.RunSQL(f"""UPDATE {TABLE} SET a = '{"}"}'""", migrations.RunSQL.noop),
    ]
