//! Any text as the SQL of `RunSQL` / `op.execute`, in every dialect: statements or an opaque
//! statement, never a panic or a hang.
#![no_main]

use libfuzzer_sys::fuzz_target;
use migcheck::extract::sql_statements;
use migcheck::model::Dialect;

fuzz_target!(|sql: &str| {
    for dialect in [
        Dialect::Postgresql,
        Dialect::Mysql,
        Dialect::Sqlite,
        Dialect::Generic,
    ] {
        let _ = sql_statements(sql, dialect);
    }
});
