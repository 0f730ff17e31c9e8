//! Any bytes, as a Django migration and as an Alembic revision, read in full and for the
//! graph alone: the front end turns them into a migration, a finding or nothing, and never
//! panics; and the two reads agree on what the graph reads (a file that does not parse as
//! a whole may still be in the graph).
#![no_main]

use libfuzzer_sys::fuzz_target;
use migcheck::discover::{Candidate, DjangoPlace, FileRef};
use migcheck::extract::{Extracted, Options};
use migcheck::frameworks::{extract, extract_for_graph, graph_facts};
use migcheck::model::Dialect;

fuzz_target!(|data: &[u8]| {
    let django = Candidate {
        file: FileRef::Disk("shop/migrations/0002_fuzz.py".into()),
        path: "shop/migrations/0002_fuzz.py".to_string(),
        django: Some(DjangoPlace {
            directory: "shop/migrations".to_string(),
            default_label: "shop".to_string(),
            name: "0002_fuzz".to_string(),
            app_config: Vec::new(),
        }),
        alembic_location: "shop/migrations".to_string(),
        must_parse: true,
        context: false,
    };
    let alembic = Candidate {
        file: FileRef::Disk("alembic/versions/ab12_fuzz.py".into()),
        path: "alembic/versions/ab12_fuzz.py".to_string(),
        django: None,
        alembic_location: "alembic/versions".to_string(),
        must_parse: false,
        context: false,
    };
    for candidate in [&django, &alembic] {
        for dialect in [Dialect::Postgresql, Dialect::Mysql] {
            let options = || Options {
                dialect,
                ..Options::default()
            };
            let _ = extract(candidate, Ok(data.to_vec()), options());
        }
        let full = extract(candidate, Ok(data.to_vec()), Options::default());
        let graph = extract_for_graph(candidate, Ok(data.to_vec()), Options::default());
        match (&full, &graph) {
            (Extracted::Migration(full), Extracted::Migration(graph)) => {
                assert_eq!(graph_facts(full), graph_facts(graph));
            }
            (Extracted::Broken(_), Extracted::Migration(_)) => {}
            (Extracted::Migration(_), _) | (_, Extracted::Migration(_)) => {
                panic!("one read finds a migration, the other not")
            }
            _ => {}
        }
    }
});
