from django.contrib.postgres.operations import AddIndexConcurrently
from django.db import migrations, models


class Migration(migrations.Migration):
    # An initial migration runs on a new database, but a transaction refuses CONCURRENTLY on
    # any database.
    initial = True
    dependencies = []

    operations = [
        migrations.CreateModel("Stock", [("id", models.BigAutoField(primary_key=True))]),
        AddIndexConcurrently("stock", models.Index(fields=["id"], name="stock_id_idx")),
    ]
