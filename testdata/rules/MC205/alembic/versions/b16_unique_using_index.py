"""a unique constraint made from an index built concurrently"""
from alembic import op

revision = "b16"
down_revision = "b15"


def upgrade():
    with op.get_context().autocommit_block():
        op.create_index(
            "uq_parcels_code", "parcels", ["code"], unique=True, postgresql_concurrently=True
        )
        op.create_index("ix_parcels_ref", "parcels", ["ref"], postgresql_concurrently=True)
    op.execute(
        "ALTER TABLE parcels ADD CONSTRAINT uq_parcels_code UNIQUE USING INDEX uq_parcels_code"
    )


def downgrade():
    # Fine: the constraint took the index; dropping it drops the index. `ix_parcels_ref`
    # is left behind: no constraint took it, and dropping one of its name drops nothing.
    op.drop_constraint("uq_parcels_code", "parcels", type_="unique")
    op.execute("ALTER TABLE parcels DROP CONSTRAINT IF EXISTS ix_parcels_ref")
