//! `dateline eval …`: the flags of each evaluation, and the calls into `dateline_train`.

use anyhow::{bail, Result};
use clap::Subcommand;
use dateline_train::events_eval::Dictionaries;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Subcommand)]
pub enum EvalWhat {
    /// Code PETRARCH validation records (XML) or the PLOVER GSR (JSON) and print P/R/F1.
    Events {
        gold: PathBuf,
        /// Coding dictionaries: `standard` (the embedded real-news ones: GSR and PLOVER files),
        /// `validation` (PETRARCH2's PETR.Validate.*: PETR.UnitTest.records.xml),
        /// `validation-ud` (UniversalPetrarch's 2_02 set: PETR_Validate_records_2_02*.xml), or a
        /// folder of dictionaries.
        #[arg(long, default_value = "standard")]
        dictionaries: Dictionaries,
        /// Also print every record where the coder and the gold disagree.
        #[arg(long)]
        verbose: bool,
    },
    /// Score quotes and speakers: GGT JSON Lines (`quotes_ggt/ggt_quotes.dev.jsonl`), or a
    /// PolNeAR split directory (with `text/` and `attributions/`) for source/cue/content.
    Quotes {
        gold: PathBuf,
        /// Score another system's output records (JSON Lines with `id` and `quotes`, spans in
        /// code points, `speaker.name`) instead of running dateline (GGT gold only).
        #[arg(long)]
        system: Option<PathBuf>,
    },
    /// Tag a CoNLL file and print precision, recall and F1 per type and overall.
    Ner {
        gold: PathBuf,
        /// Write the input lines with one more column: the predicted BIO tag.
        #[arg(long)]
        predictions: Option<PathBuf>,
    },
}

pub fn run(what: EvalWhat, shared: &Option<PathBuf>) -> Result<ExitCode> {
    let models = super::models()?;
    match what {
        EvalWhat::Events { gold, dictionaries, verbose } => {
            // The shared folder is needed only to compile other dictionaries.
            let sh = match dictionaries {
                Dictionaries::Standard => PathBuf::new(),
                _ => super::shared(shared)?,
            };
            print!("{}", dateline_train::events_eval::run(&gold, &dictionaries, &sh, models, verbose)?);
        }
        EvalWhat::Ner { gold, predictions } => {
            let r = dateline_train::ner::eval_ner(&gold, predictions.as_deref(), models)?;
            print!("{r}");
            eprintln!("{} tokens in {:.3}s ({:.0}k tokens/s)", r.tokens, r.seconds, r.tokens as f64 / r.seconds / 1e3);
        }
        EvalWhat::Quotes { gold, system } => {
            let report = if gold.is_dir() {
                if system.is_some() {
                    bail!("--system is for GGT gold files, not PolNeAR folders");
                }
                dateline_train::quotes::polnear(&gold, models)?
            } else {
                let (report, note) = dateline_train::quotes::ggt(&gold, models, system.as_deref())?;
                if let Some(n) = note {
                    eprintln!("{n}");
                }
                report
            };
            print!("{report}");
        }
    }
    Ok(ExitCode::SUCCESS)
}
