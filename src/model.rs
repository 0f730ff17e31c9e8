//! The framework-neutral model that every rule reads.
//!
//! Django operations, Alembic `op.*` calls and raw SQL all become [`Operation`]s, so a rule about
//! what a migration does to the database is written once. Framework quirks are resolved in
//! `extract/`, never here and never in a rule.

use std::sync::Arc;

use crate::source::{SourceFile, Span};

/// One migration file: a Django migration or an Alembic revision.
#[derive(Debug)]
pub struct Migration {
    /// Path as shown to the user: relative to the working directory, `/`-separated.
    pub path: String,
    pub framework: Framework,
    /// Django `dependencies`, Alembic `down_revision`.
    pub parents: Vec<Dependency>,
    /// Django `replaces` (squashed migrations).
    pub replaces: Vec<Dependency>,
    /// Whether the migration runs in one transaction (Django `atomic`).
    pub atomic: bool,
    /// What the migration does going forward: `operations` / `upgrade()`.
    pub forward: Vec<Operation>,
    /// Django: where the model state and the database part ways.
    pub state_only: Vec<StateOnly>,
    /// How it is undone.
    pub backward: Backward,
    /// Where findings about the migration as a whole point: `class Migration` or `revision = ...`.
    pub anchor: Span,
    /// Every piece of SQL the module runs, in any direction: `RunSQL`, `op.execute`,
    /// `.execute(...)` and `text(...)` calls.
    pub sql: Vec<SqlText>,
    /// `# migcheck: ignore...` comments.
    pub suppressions: Vec<Suppression>,
    /// The source text while the migration is read. A run lets it go once the model is
    /// built (so that a run over thousands of files does not hold them all); findings are
    /// then given their source line when the report is finished.
    pub source: Option<Arc<SourceFile>>,
    /// A digest of the source text, to know it again when it is read a second time.
    pub digest: u64,
}

#[derive(Debug, Clone)]
pub enum Framework {
    Django(DjangoMigration),
    Alembic(AlembicRevision),
}

#[derive(Debug, Clone)]
pub struct DjangoMigration {
    /// App label: the key Django stores applied migrations under, with the name.
    pub app_label: String,
    /// File name without `.py`.
    pub name: String,
    /// The `migrations/` directory, `/`-separated as shown to the user.
    pub directory: String,
    /// `operations` is not a list literal, so the operations are not known.
    pub dynamic_operations: bool,
    /// The module imports its `Migration` class (`from .base import Migration`), so nothing
    /// of it is known.
    pub imported: bool,
    /// `run_before`: migrations that must wait for this one (it becomes their parent).
    pub run_before: Vec<Dependency>,
    /// `initial = True`: one of the migrations that create the app's tables, run together on
    /// a new database (or faked with `--fake-initial` on one that has them).
    pub initial: bool,
}

#[derive(Debug, Clone)]
pub struct AlembicRevision {
    /// The version location (the directory that holds this revision chain).
    pub location: String,
    pub revision: Option<String>,
    pub branch_labels: Vec<String>,
    /// `depends_on`: revisions that must be applied first, from any branch.
    pub depends_on: Vec<String>,
    /// The `def upgrade` line.
    pub upgrade: Span,
    /// `upgrade()` does nothing (a merge revision, typically).
    pub upgrade_is_empty: bool,
    /// What the file's text says of the database it runs on.
    pub dialect_words: DialectWords,
    /// `upgrade()` may change the database where `forward` cannot see it: it calls a
    /// function of the module (a helper), hands `op` or its connection to a function, or
    /// alters a column's nullability by an expression.
    pub upgrade_opaque: bool,
}

/// What a revision's text says of its database, found by a byte search over the whole file
/// (the graph's read has it too, before any revision is checked): the first `mysql_*=`,
/// `postgresql_*=`, `sqlite_*=` keyword argument of each database (`mysql_engine`), and the
/// databases named in a string literal (`dialect.name == "sqlite"`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DialectWords {
    pub keywords: Vec<(Dialect, String)>,
    pub named: Vec<Dialect>,
}

/// A reference from one migration to another.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dependency {
    pub target: Target,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// Django `("app_label", "0002_name")`, also `__first__` / `__latest__`.
    Django { app_label: String, name: String },
    /// Django `migrations.swappable_dependency(settings.AUTH_USER_MODEL)`.
    Swappable { setting: String },
    /// Alembic revision id.
    Revision(String),
    /// Not a literal; cannot be followed.
    Unknown,
}

/// How a migration is undone.
#[derive(Debug)]
pub enum Backward {
    /// Django reverses each operation itself; `RunPython` / `RunSQL` carry their own reverse.
    PerOperation,
    /// Alembic revision with no `downgrade()`.
    Missing,
    /// Alembic `downgrade()`.
    Function(Body),
}

/// An Alembic `upgrade()` / `downgrade()` body.
#[derive(Debug)]
pub struct Body {
    /// The `def downgrade` name.
    pub span: Span,
    pub operations: Vec<Operation>,
    /// Only `pass`, `...` and a docstring.
    pub is_empty: bool,
    /// Calls functions of the module that may change the database where `operations` cannot
    /// see it.
    pub opaque: bool,
}

/// Django operations that change the model state and run no SQL: the `state_operations` of
/// `SeparateDatabaseAndState` or `RunSQL`. The forward operations at `instead_of` (the
/// `database_operations`, the `RunSQL`) leave the model state alone, and `operations` change
/// it instead. Only the model state reads `operations`; rules never do.
#[derive(Debug, Clone)]
pub struct StateOnly {
    pub instead_of: std::ops::Range<usize>,
    pub operations: Vec<Operation>,
}

/// One thing a migration does to the database.
#[derive(Debug, Clone)]
pub struct Operation {
    pub kind: OpKind,
    pub span: Span,
    pub origin: Origin,
    /// Runs inside a transaction: a Django migration with `atomic = True` (the default), an
    /// Alembic operation outside `autocommit_block()`.
    pub in_transaction: bool,
    /// Alembic: under an `if` on the database dialect that rules out the configured one
    /// (`if op.get_context().dialect.name == "mysql":`), so it does not run there.
    pub other_dialect: bool,
    /// Alembic: the `if`s on the database dialect it is in, each as (which of the function's
    /// dialect `if`s, which of its branches). Two operations in different branches of one
    /// such `if` never run together.
    pub dialect_branch: Vec<(u32, u32)>,
}

impl Operation {
    /// Whether the two can run on one database in one run: not in different branches of
    /// one `if` on the dialect.
    pub fn runs_with(&self, other: &Operation) -> bool {
        !self.dialect_branch.iter().any(|(test, branch)| {
            other
                .dialect_branch
                .iter()
                .any(|(other_test, other_branch)| test == other_test && branch != other_branch)
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    DjangoOperation,
    AlembicOp,
    Sql,
}

#[derive(Debug, Clone)]
pub enum OpKind {
    /// Django `RunPython(code, reverse_code)`.
    RunPython {
        code: Option<FnRef>,
        reverse: Option<FnRef>,
        /// Models the functions use (themselves or through functions they call in the
        /// module) that were imported from an app's `models` instead of `apps.get_model`.
        live_models: Vec<ModelUse>,
    },
    /// Django `RunSQL(sql, reverse_sql)`, Alembic `op.execute(sql)`.
    RunSql {
        sql: Vec<SqlText>,
        /// `None`: no reverse given (Alembic `op.execute` has none by nature).
        reverse: Option<Vec<SqlText>>,
    },
    /// A new table (Django `CreateModel`, `op.create_table`, `CREATE TABLE`).
    CreateTable {
        table: String,
        /// Django: the model's fields, for the model state.
        fields: Vec<(String, FieldSpec)>,
        /// Django: the model's options, for the model state.
        options: ModelOptions,
        /// Alembic and SQL: the columns as declared, for the schema replay (those it can
        /// read: a column built by an expression is left out).
        columns: Vec<ColumnSpec>,
    },
    DropTable {
        table: String,
    },
    RenameTable {
        table: String,
        new_name: String,
    },
    AddColumn {
        table: String,
        column: String,
        /// `false`: NOT NULL.
        nullable: bool,
        /// A default the database applies (`db_default=`, `server_default=`, SQL `DEFAULT`).
        db_default: bool,
        /// A default only the application applies (Django or SQLAlchemy `default=`).
        app_default: bool,
        /// Django: the field, for the model state.
        field: Option<FieldSpec>,
        /// Alembic and SQL: the column as declared, for the schema replay (boxed: most
        /// operations are not this one).
        declared: Option<Box<ColumnSpec>>,
    },
    DropColumn {
        table: String,
        column: String,
    },
    RenameColumn {
        table: String,
        column: String,
        new_name: String,
    },
    AlterColumn {
        table: String,
        column: String,
        /// `Some(false)`: made NOT NULL; `None`: nullability not touched.
        nullable: Option<bool>,
        /// Whether it was nullable before, when known (Django model state, Alembic
        /// `existing_nullable`).
        was_nullable: Option<bool>,
        /// The column type changes in a way that rewrites the table (when known).
        type_change: Option<TypeChange>,
        /// Django: the field as altered, for the model state.
        field: Option<FieldSpec>,
        /// Django: the index the change builds on the column (`db_index=True` or
        /// `unique=True` added), as the model state knows the field before.
        builds_index: FieldIndex,
    },
    CreateIndex {
        table: Option<String>,
        name: Option<String>,
        /// The indexed columns and expressions, and its `WHERE` condition, as written, when
        /// known.
        columns: Vec<String>,
        concurrently: bool,
    },
    DropIndex {
        name: Option<String>,
        /// The table, when the call names it (Alembic `table_name=`, Django's model).
        table: Option<String>,
        concurrently: bool,
    },
    AddConstraint {
        table: String,
        name: Option<String>,
        kind: ConstraintKind,
        /// Checked against existing rows as it is added (no `NOT VALID`).
        validated: bool,
    },
    /// `op.drop_constraint`, `ALTER TABLE ... DROP CONSTRAINT`.
    DropConstraint {
        table: String,
        name: String,
    },
    /// `ALTER TABLE ... ENABLE TRIGGER` / `DISABLE TRIGGER`.
    Trigger {
        table: String,
        /// The trigger's name, or `ALL` / `USER`.
        name: String,
        enabled: bool,
    },
    /// Django `AlterUniqueTogether` / `AlterIndexTogether`: the model's `unique_together` or
    /// `index_together` set as a whole. Each entry is a unique constraint or an index.
    Together {
        table: String,
        /// `unique_together` (else `index_together`).
        unique: bool,
        /// The field tuples as set.
        together: Vec<Vec<String>>,
        /// The tuples that are new: all of them until the model state says what was there.
        added: Vec<Vec<String>>,
        /// The tuples that go, as the model state knows them.
        removed: Vec<Vec<String>>,
    },
    /// Django `AlterModelTable` / `AlterModelOptions`: where the model's table is, and whether
    /// Django manages it.
    ModelOptions {
        table: String,
        /// `AlterModelTable`: the new `db_table` (`None`: back to the default name).
        db_table: Option<Option<String>>,
        /// `AlterModelOptions`: the new `managed` (Django resets it when the options leave it
        /// out).
        managed: Option<bool>,
        /// The table's name before and after, when the new `db_table` renames it (the model
        /// state knows the old one).
        renames: Option<(String, String)>,
    },
    /// Django: the join table of a many-to-many field, which Django drops with the field
    /// (`RemoveField`) or renames with it (`RenameField`). Only the model state knows that a
    /// field is one.
    JoinTable {
        /// The model.
        table: String,
        field: String,
        join_table: String,
        /// `RenameField`: the field's new name.
        new_name: Option<String>,
    },
    /// SQL `UPDATE` / `DELETE`.
    DataChange {
        table: String,
        verb: SqlVerb,
        /// Has a `WHERE` clause.
        bounded: bool,
    },
    /// Any other operation, by the name it was called with.
    Other {
        name: String,
    },
}

impl OpKind {
    /// The table an operation is on, if it names one.
    pub fn table(&self) -> Option<&str> {
        match self {
            OpKind::CreateTable { table, .. }
            | OpKind::DropTable { table }
            | OpKind::RenameTable { table, .. }
            | OpKind::AddColumn { table, .. }
            | OpKind::DropColumn { table, .. }
            | OpKind::RenameColumn { table, .. }
            | OpKind::AlterColumn { table, .. }
            | OpKind::AddConstraint { table, .. }
            | OpKind::DropConstraint { table, .. }
            | OpKind::Trigger { table, .. }
            | OpKind::Together { table, .. }
            | OpKind::ModelOptions { table, .. }
            | OpKind::DataChange { table, .. }
            | OpKind::CreateIndex {
                table: Some(table), ..
            }
            | OpKind::DropIndex {
                table: Some(table), ..
            } => Some(table),
            _ => None,
        }
    }
}

/// A Django model field as a migration declares it: `models.CharField(max_length=32)`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldSpec {
    /// The field class: `CharField`, `ForeignKey`.
    pub class: String,
    /// Nullable: `null=` a true value, or a class that always is (`NullBooleanField`, the
    /// configured `nullable-fields`).
    pub null: bool,
    /// What Django gives the existing rows when it adds the field NOT NULL without a
    /// `default=`: `''` for a `blank=True` field that stores strings, the time for `auto_now` /
    /// `auto_now_add`.
    pub fills_rows: Option<&'static str>,
    /// Many-to-many: the join table is the project's own model (`through=`), which the field
    /// leaves alone.
    pub through: bool,
    /// A many-to-many field: a class named so, or a relation (`to=`) with a `through=`, or
    /// with no `on_delete=` that every key to another model has (a project's own subclass of
    /// `ManyToManyField`).
    pub many_to_many: bool,
    /// The arguments that decide the column type (`max_length`, `max_digits`,
    /// `decimal_places`), as written.
    pub type_arguments: Vec<(String, String)>,
    /// `db_column` (`db_table` for a many-to-many field): the column (the join table) keeps
    /// this name whatever the field is called.
    pub db_name: Option<String>,
    /// The index Django keeps on the field's column.
    pub index: FieldIndex,
}

/// The index Django keeps on a field's column, by what the field declares.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub enum FieldIndex {
    #[default]
    None,
    /// `db_index=True`; a foreign key's and a `SlugField`'s unless `db_index=False`.
    Index,
    /// `unique=True`, `primary_key=True`, a `OneToOneField`'s: a unique constraint.
    Unique,
}

/// A column as an Alembic revision or SQL declares it (`sa.Column("code", sa.String(20),
/// nullable=False)`, `code varchar(20) NOT NULL`), for the schema replay.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ColumnSpec {
    pub name: String,
    /// The type as written (`sa.String(20)`, `VARCHAR(20)`), when it is spelled out: not for
    /// a type taken from a foreign key's target, or given by a variable.
    pub type_text: Option<String>,
    /// `Some(false)`: NOT NULL (`nullable=False`, a primary key); `None`: not known (an
    /// expression).
    pub nullable: Option<bool>,
}

/// The options of a Django model that decide whether and where it has a table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModelOptions {
    /// `db_table`, when set.
    pub db_table: Option<String>,
    pub managed: bool,
    pub proxy: bool,
    /// `unique_together`, as field tuples.
    pub unique_together: Vec<Vec<String>>,
    /// `index_together`, as field tuples.
    pub index_together: Vec<Vec<String>>,
}

impl Default for ModelOptions {
    fn default() -> Self {
        ModelOptions {
            db_table: None,
            managed: true,
            proxy: false,
            unique_together: Vec::new(),
            index_together: Vec::new(),
        }
    }
}

impl ModelOptions {
    /// Whether Django creates, alters and drops a table for the model: not for a proxy
    /// model, nor one with `managed = False`.
    pub fn has_table(&self) -> bool {
        self.managed && !self.proxy
    }

    /// `unique_together` or `index_together`.
    pub fn together(&self, unique: bool) -> &Vec<Vec<String>> {
        if unique {
            &self.unique_together
        } else {
            &self.index_together
        }
    }
}

/// A table or column name given by an expression rather than a literal (a loop variable, an
/// f-string): its source text in braces, so that messages can say so instead of passing the
/// variable off as the name.
pub fn computed_name(expression: &str) -> String {
    format!("{{{expression}}}")
}

/// The expression of a name made by [`computed_name`].
pub fn computed(name: &str) -> Option<&str> {
    name.strip_prefix('{')?.strip_suffix('}')
}

impl FieldSpec {
    /// Many-to-many fields (and managers like django-taggit's) make a table, not a column.
    pub fn has_column(&self) -> bool {
        !(self.is_many_to_many()
            || matches!(
                self.class.as_str(),
                "TaggableManager" | "ClusterTaggableManager" | "GenericRelation"
            ))
    }

    /// A many-to-many field: Django keeps it in a join table of its own, unless `through=`
    /// names one.
    pub fn is_many_to_many(&self) -> bool {
        self.many_to_many
    }

    /// The column of the field called `name`: its `db_column`, else the name, with `_id` for
    /// a key to another model.
    pub fn column(&self, name: &str) -> String {
        match &self.db_name {
            Some(column) => column.clone(),
            None if self.class.ends_with("ForeignKey")
                || self.class.ends_with("OneToOneField")
                || self.class == "ParentalKey" =>
            {
                format!("{name}_id")
            }
            None => name.to_string(),
        }
    }
}

/// A column type change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypeChange {
    /// The type before, when known.
    pub from: Option<String>,
    pub to: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConstraintKind {
    PrimaryKey,
    ForeignKey,
    Check,
    Unique,
    /// A unique constraint Django builds as a unique index (`CREATE UNIQUE INDEX`): a
    /// `UniqueConstraint` with `condition=`, expressions, `include=` or `opclasses=`.
    UniqueIndex,
    Other,
}

/// A function passed to `RunPython`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FnRef {
    /// A name defined or imported in the module.
    Name(String),
    /// A name (or the root of `module.function`) the module neither defines nor imports.
    Undefined(String),
    /// A name (or the root of `module.function`) the module binds only below where
    /// `RunPython` is built: below the `Migration` class, typically.
    DefinedLater(String),
    /// A name (or the root of `module.function`) the module binds and then deletes
    /// (`del f`) above where `RunPython` is built.
    Deleted(String),
    /// `module.function`.
    Dotted(String),
    Lambda,
    /// `RunPython.noop` / `RunSQL.noop`.
    Noop,
    /// Any other expression.
    Expression,
}

/// A model used in a `RunPython` function that was imported from an app's models module.
#[derive(Debug, Clone)]
pub struct ModelUse {
    /// The function that uses it; `lambda` (a keyword, never a function's name) for a lambda.
    pub function: String,
    /// The name as used (`Product`, `shop_models.Product`).
    pub model: String,
    /// The model's class name where it is defined (`Product` for `Product as LiveProduct`).
    pub class: String,
    /// Where it was imported from (`shop.models`).
    pub module: String,
    pub span: Span,
}

/// One piece of SQL given to `RunSQL`, `op.execute` and the like.
#[derive(Debug, Clone)]
pub struct SqlText {
    pub span: Span,
    /// Its statements, when the SQL is spelled out in the module (a string literal, a name
    /// bound to one, or a template with blanks).
    pub statements: Vec<SqlStatement>,
    /// Alembic: a SQLAlchemy query built in Python (`table.update().values(...)`,
    /// `sa.select(...)`) rather than SQL text: it reads or writes rows, never the schema.
    pub query: bool,
}

/// What one SQL statement does, as far as the rules need to know.
#[derive(Debug, Clone)]
pub struct SqlStatement {
    pub verb: SqlVerb,
    /// Tables it writes to (unqualified names); the table a `CREATE TEMPORARY TABLE` makes.
    pub tables: Vec<String>,
    /// Whether sqlparser parsed it (else it was read by a token scan).
    pub parsed: bool,
    /// What it does to the schema or data, as operations.
    pub operations: Vec<OpKind>,
    /// Its leading keywords (`ALTER TABLE`, `CREATE TRIGGER`), to name it in a message.
    pub command: String,
    /// Where it is in the source, when the SQL holds more than one statement and is a literal
    /// written as it runs (no escapes that move text about); else the SQL as a whole is
    /// where to point.
    pub span: Option<Span>,
    /// What it changes in tables that `operations` does not say, for the schema replay.
    pub unfollowed: Unfollowed,
    /// `DELETE`: the columns its `WHERE` holds to literal values (`app = 'shop'`,
    /// `app IN ('shop', 'billing')`), lowercase, each with the values it allows.
    pub limited_to: Vec<(String, Vec<String>)>,
}

/// What a SQL statement may change in tables' columns beyond its `operations`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unfollowed {
    /// Nothing: its operations are all it does to columns.
    Nothing,
    /// Columns of this table, in a way not read (`ALTER TABLE t ALTER COLUMN c DROP NOT
    /// NULL`).
    Table(String),
    /// Any table's: a statement not parsed that may alter tables (`ALTER ...`, a `DO`
    /// block).
    Anything,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SqlVerb {
    Insert,
    Update,
    Delete,
    Truncate,
    DropTable,
    /// A query: `SELECT`, `WITH ... SELECT`, `VALUES`.
    Select,
    /// Settings of the session or transaction, and upkeep that changes no schema: `SET`,
    /// `RESET`, `PRAGMA`, `SHOW`, `ANALYZE`, `VACUUM`, `LOCK`, `BEGIN`, `COMMIT`...
    Session,
    /// `CREATE TEMPORARY TABLE`: gone when the session ends.
    CreateTemporaryTable,
    /// Additive DDL that does nothing when what it adds is there already, and that no
    /// downgrade can take back: `CREATE EXTENSION IF NOT EXISTS`,
    /// `ALTER TYPE ... ADD VALUE IF NOT EXISTS`.
    AddIfNotExists,
    Other,
}

impl SqlVerb {
    /// Reads or writes rows without changing the schema.
    pub fn is_data(self) -> bool {
        matches!(
            self,
            SqlVerb::Insert
                | SqlVerb::Update
                | SqlVerb::Delete
                | SqlVerb::Truncate
                | SqlVerb::Select
        )
    }
}

impl Migration {
    /// A migration at `path` with nothing read from it yet: no dependencies, no operations,
    /// undone operation by operation (Django's way; an Alembic revision sets its
    /// `downgrade()`), findings about it at `anchor`.
    pub fn new(path: &str, framework: Framework, anchor: Span, source: Arc<SourceFile>) -> Self {
        Self {
            path: path.to_string(),
            framework,
            parents: Vec::new(),
            replaces: Vec::new(),
            atomic: true,
            forward: Vec::new(),
            state_only: Vec::new(),
            backward: Backward::PerOperation,
            anchor,
            sql: Vec::new(),
            suppressions: Vec::new(),
            digest: crate::source::digest(source.text()),
            source: Some(source),
        }
    }

    /// What label resolution, the graph and the history rules read of a migration: where it
    /// is, what it depends on, its suppressions; not what it does.
    pub fn graph_copy(&self) -> Migration {
        Migration {
            path: self.path.clone(),
            framework: self.framework.clone(),
            parents: self.parents.clone(),
            replaces: self.replaces.clone(),
            atomic: self.atomic,
            forward: Vec::new(),
            state_only: Vec::new(),
            backward: Backward::PerOperation,
            anchor: self.anchor,
            sql: Vec::new(),
            suppressions: self.suppressions.clone(),
            source: None,
            digest: self.digest,
        }
    }

    /// Gives back the room its lists grew into while it was read: a run keeps every
    /// migration's model until the end.
    pub fn shrink_to_fit(&mut self) {
        self.parents.shrink_to_fit();
        self.replaces.shrink_to_fit();
        self.forward.shrink_to_fit();
        self.state_only.shrink_to_fit();
        self.sql.shrink_to_fit();
        self.suppressions.shrink_to_fit();
        if let Backward::Function(body) = &mut self.backward {
            body.operations.shrink_to_fit();
        }
    }

    /// The name a user knows the migration by, quoted for a message: `` `app.0002_name` `` or
    /// `` revision `ab12` ``.
    pub fn display_name(&self) -> String {
        match &self.framework {
            Framework::Django(django) => format!("`{}.{}`", django.app_label, django.name),
            Framework::Alembic(alembic) => match &alembic.revision {
                Some(revision) => format!("revision `{revision}`"),
                None => format!("the revision in `{}`", self.path),
            },
        }
    }
}

/// What happened since the base to a migration that exists there, its base version paired
/// with the head's by identity (see `history::assemble`).
#[derive(Debug)]
pub struct HistoryChange {
    pub kind: ChangeKind,
    /// The migration as it is at the base, labelled as the base labels it.
    pub old: Migration,
    /// The path of the head migration it pairs with (for a deleted one: none).
    pub new_path: Option<String>,
    /// The head migration's version location (Alembic).
    pub new_location: Option<String>,
    /// Where to point at head.
    pub new_anchor: Option<Span>,
    /// The head version's text, when it can be read.
    pub new_source: Option<Arc<SourceFile>>,
    /// The head migration's name (`` `app.0002_name` ``): the one it pairs with or, for a
    /// deleted one, the one that took its file.
    pub new_name: Option<String>,
    /// How the head version differs from the base's, when it was compared and differs.
    pub edit: Option<Edit>,
}

/// A merge of the head into the `--since` ref's tip would give a Django app two leaves, or
/// an Alembic chain two heads, that neither side has alone.
#[derive(Debug)]
pub struct MergeConflict {
    /// The head's new migration, one of the leaves the merge would have.
    pub path: String,
    pub anchor: Span,
    /// Its name (`` `app.0042_x` ``, `` revision `a1b2` ``).
    pub name: String,
    /// The migrations the ref gained meanwhile that would be the other leaves.
    pub theirs: Vec<String>,
    pub framework: FrameworkKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FrameworkKind {
    Django,
    Alembic,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeKind {
    /// The same identity at head, in the same file or another.
    Modified,
    /// No migration at head has its identity.
    Deleted,
    /// Substantially the same migration under another identity (a Django migration renamed
    /// or relabelled), or a revision moved into another chain.
    Renamed,
}

/// How the head version of a migration differs from the base version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Edit {
    /// Only formatting, comments and the like: nothing a database would see.
    Cosmetic,
    /// What the migration does may have changed: the first change, and its line at head.
    Semantic { what: String, line: u32 },
    /// Only what migrating back runs changed (`reverse_code`, `reverse_sql`, `downgrade()`):
    /// the first change, and its line at head.
    Reverse { what: String, line: u32 },
}

/// The database the migrations run on: it decides how SQL is parsed and which locking rules
/// apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Dialect {
    #[default]
    Postgresql,
    Mysql,
    Sqlite,
    Generic,
}

impl Dialect {
    /// The name the configuration uses.
    pub fn as_str(self) -> &'static str {
        match self {
            Dialect::Postgresql => "postgresql",
            Dialect::Mysql => "mysql",
            Dialect::Sqlite => "sqlite",
            Dialect::Generic => "generic",
        }
    }

    /// The database's name in prose.
    pub fn title(self) -> &'static str {
        match self {
            Dialect::Postgresql => "PostgreSQL",
            Dialect::Mysql => "MySQL",
            Dialect::Sqlite => "SQLite",
            Dialect::Generic => "generic SQL",
        }
    }
}

/// The database a migration is checked for, and what decided it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assumed {
    pub dialect: Dialect,
    pub why: Why,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Why {
    /// `dialect` or `per-file-dialect` in the configuration.
    Configured,
    /// Nothing said otherwise.
    Default,
    /// The version location, or a folder in it, is named after the database.
    Named(String),
    /// The script directory's revisions pass this keyword argument (`mysql_engine`), and
    /// none another database's.
    Keyword(String),
}

impl Assumed {
    pub fn configured(dialect: Dialect) -> Self {
        Assumed {
            dialect,
            why: Why::Configured,
        }
    }

    /// PostgreSQL, as nothing said otherwise.
    pub fn default_dialect() -> Self {
        Assumed {
            dialect: Dialect::default(),
            why: Why::Default,
        }
    }
}

/// One `# migcheck: ignore...` comment.
#[derive(Debug, Clone)]
pub struct Suppression {
    pub span: Span,
    /// The rules it names, as written; empty: every rule (for `ignore-file`: none).
    pub rules: Vec<String>,
    /// `ignore-file`: the whole file.
    pub file: bool,
    /// Text follows the directive: the reason, for the reader.
    pub reason: bool,
    /// The same comment is in the file's version at the base (`--since`): it was not added
    /// by the change under check.
    pub at_base: bool,
    /// The comment is alone on its line (so it also covers the line below).
    pub own_line: bool,
    /// What else it covers: the operation it is written in or right above (all of it), the
    /// `upgrade()` / `downgrade()` it is written in (the `def` line).
    pub reach: Vec<Span>,
}
