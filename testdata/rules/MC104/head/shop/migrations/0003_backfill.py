"""Backfill empty SKUs."""
from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import migrations

if TYPE_CHECKING:
    from django.apps.registry import Apps
    from django.db.backends.base.schema import BaseDatabaseSchemaEditor


def forwards(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    """Set a blank SKU where there is none."""
    Product = apps.get_model("shop", "Product")
    Product.objects.filter(sku=None).update(sku="")


class Migration(migrations.Migration):
    dependencies = [("shop", "0002_product_sku_ean")]

    operations = [migrations.RunPython(forwards)]  # migcheck: ignore[MC201] data cannot be restored
