from django.db import migrations
from django.db.migrations import RunSQL as SQL


class Migration(migrations.Migration):
    dependencies = []

    operations = [
        migrations.RunSQL("CREATE INDEX a ON t (a);"),
        migrations.RunSQL(sql=["CREATE INDEX b ON t (b);", ("UPDATE t SET c = %s", [1])]),
        migrations.RunSQL("CREATE INDEX c ON t (c);", reverse_sql=None),
        SQL("CREATE INDEX d ON t (d);"),
        # Fine.
        migrations.RunSQL("CREATE INDEX e ON t (e);", "DROP INDEX e;"),
        migrations.RunSQL("CREATE INDEX f ON t (f);", reverse_sql="DROP INDEX f;"),
        migrations.RunSQL(["SELECT 1;"], reverse_sql=[]),
        migrations.RunSQL("SELECT 1;", migrations.RunSQL.noop),
        SQL("SELECT 1;", SQL.noop),
    ]
