//! `dateline train …`: the flags of each model builder, and the calls into `dateline_train`.
//! Inputs default to `../shared/data/…` (the `--shared` folder) and outputs to the
//! repository's `models/`, wherever the command runs from.

use anyhow::{anyhow, Result};
use clap::Subcommand;
use dateline_train::paths;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Subcommand)]
pub enum TrainWhat {
    /// Compile the CAMEO verb/actor/agent dictionaries, PLOVER and Goldstein tables into models/cameo.bin.
    Events {
        /// Dictionary folder (default: data/cameo_dictionaries/petrarch2 of --shared).
        #[arg(long)]
        data: Option<PathBuf>,
        /// CAMEO → PLOVER table (default: data/plover/CAMEO2PLOVER-2021.txt of --shared).
        #[arg(long)]
        plover: Option<PathBuf>,
        /// Goldstein scores (default: models/goldstein.tsv).
        #[arg(long)]
        goldstein: Option<PathBuf>,
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Build models/gazetteer.bin from the GeoNames and mledoze files (data/gazetteer of --shared).
    Gazetteer {
        #[arg(long)]
        data: Option<PathBuf>,
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Build models/fips.tsv (GDELT GKG place codes) from GeoNames (data/gazetteer of --shared).
    Fips {
        #[arg(long)]
        data: Option<PathBuf>,
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Learn word clusters from raw news (exchange clustering) for the NER features.
    Clusters {
        /// Raw news as JSON Lines with a `body` or `text` field (default: Reuters-21578 and the
        /// BBC News dataset in data/news_raw of --shared).
        #[arg(long)]
        news: Vec<PathBuf>,
        /// CoNLL training text, added to the raw news (its labels are not used; default:
        /// data/conll2003/eng.train.bio.txt of --shared).
        #[arg(long)]
        conll: Option<PathBuf>,
        #[arg(long)]
        out: Option<PathBuf>,
        #[arg(long, default_value_t = 6)]
        passes: usize,
        #[arg(long, default_value_t = 3)]
        min_count: u64,
        /// Numbers of classes of the three granularities, coarse to fine.
        #[arg(long, num_args = 3, default_values_t = [64, 256, 1024])]
        sizes: Vec<usize>,
    },
    /// First-name → gender counts (he vs she in the next sentences) from raw news, for the quotes stage.
    Gender {
        /// Raw news (default: Reuters-21578 and the BBC News dataset in data/news_raw of --shared).
        #[arg(long)]
        news: Vec<PathBuf>,
        #[arg(long, default_value_t = 4)]
        min: u32,
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Person and organisation name lists from the MIT PETRARCH2/Phoenix actor dictionaries.
    Names {
        #[arg(long)]
        data: Option<PathBuf>,
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Train the NER tagger on CoNLL-2003 train (uses the embedded gazetteer).
    Ner {
        /// CoNLL training file (default: data/conll2003/eng.train.bio.txt of --shared).
        #[arg(long)]
        data: Option<PathBuf>,
        /// Word clusters (word TAB c1 TAB c2 TAB c3), from `train clusters` (default: models/clusters.tsv).
        #[arg(long)]
        clusters: Option<PathBuf>,
        /// Name lists (phrase TAB bits), from `train names` (default: models/names.tsv).
        #[arg(long)]
        names: Option<PathBuf>,
        #[arg(long)]
        out: Option<PathBuf>,
        #[arg(long, default_value_t = 12)]
        epochs: usize,
        /// Train only the first (local) stage.
        #[arg(long)]
        one_stage: bool,
        /// Drop the features none of whose weights (quantised, ±32767, relative to tag O's)
        /// reaches this magnitude: half the features at 1500, for -0.02 F1 on dev and a table
        /// half the size that tagging reads faster. 0 keeps every feature.
        #[arg(long, default_value_t = 1500)]
        prune: i32,
        /// Also score the final model on this CoNLL file (for tuning; never trained on).
        #[arg(long)]
        dev: Option<PathBuf>,
        /// With --dev: write the dev lines with the predicted tag appended (for error analysis).
        #[arg(long)]
        dev_predictions: Option<PathBuf>,
    },
    /// Learn the quote-cue lexicon (models/cues.tsv) from PolNeAR train Cue spans.
    Cues {
        /// A PolNeAR split folder (default: data/polnear/train of --shared).
        #[arg(long)]
        data: Option<PathBuf>,
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Build the tone lexicon (models/vader.tsv: token, mean valence) from the VADER lexicon.
    Vader {
        /// Default: data/lexicons/vader_lexicon.txt of --shared.
        #[arg(long)]
        data: Option<PathBuf>,
        #[arg(long)]
        out: Option<PathBuf>,
    },
}

/// `given`, else `rel` under `--shared` (which must then be there).
fn input(given: Option<PathBuf>, shared: &Result<PathBuf>, rel: &str) -> Result<PathBuf> {
    match given {
        Some(p) => Ok(p),
        None => Ok(shared.as_ref().map_err(|e| anyhow!("{e:#}"))?.join(rel)),
    }
}

/// `given`, else `models/NAME` of the repository.
fn model(given: Option<PathBuf>, name: &str) -> PathBuf {
    given.unwrap_or_else(|| paths::model(name))
}

/// The raw news to learn from: `given`, else Reuters-21578 and the BBC News dataset.
fn news(given: Vec<PathBuf>, shared: &Result<PathBuf>) -> Result<Vec<PathBuf>> {
    if !given.is_empty() {
        return Ok(given);
    }
    ["data/news_raw/reuters21578.jsonl", "data/news_raw/bbc_news.jsonl"].iter().map(|r| input(None, shared, r)).collect()
}

pub fn run(what: TrainWhat, shared: &Option<PathBuf>) -> Result<ExitCode> {
    // Needed only for the inputs not given.
    let sh = super::shared(shared);
    let mut log = |m: String| eprintln!("{m}");
    let done = match what {
        TrainWhat::Gazetteer { data, out } => dateline_train::train_gazetteer(&input(data, &sh, "data/gazetteer")?, &model(out, "gazetteer.bin"))?,
        TrainWhat::Fips { data, out } => {
            let out = model(out, "fips.tsv");
            let tsv = dateline_train::gazetteer::fips(&input(data, &sh, "data/gazetteer")?)?;
            std::fs::write(&out, &tsv).map_err(|e| anyhow!("{}: {e}", out.display()))?;
            format!("wrote {} ({} lines)", out.display(), tsv.lines().filter(|l| !l.starts_with('#')).count())
        }
        TrainWhat::Events { data, plover, goldstein, out } => dateline_train::events_dict::train(
            &input(data, &sh, "data/cameo_dictionaries/petrarch2")?,
            false,
            &input(plover, &sh, "data/plover/CAMEO2PLOVER-2021.txt")?,
            &model(goldstein, "goldstein.tsv"),
            &model(out, "cameo.bin"),
        )?,
        TrainWhat::Vader { data, out } => dateline_train::vader(&input(data, &sh, "data/lexicons/vader_lexicon.txt")?, &model(out, "vader.tsv"))?,
        TrainWhat::Cues { data, out } => dateline_train::quotes::train_cues(&input(data, &sh, "data/polnear/train")?, &model(out, "cues.tsv"))?,
        TrainWhat::Clusters { news: n, conll, out, passes, min_count, sizes } => {
            let sizes: [usize; 3] = sizes.try_into().map_err(|_| anyhow!("--sizes wants three numbers"))?;
            let conll = input(conll, &sh, "data/conll2003/eng.train.bio.txt")?;
            dateline_train::ner::clusters(&news(n, &sh)?, &conll, sizes, passes, min_count, &model(out, "clusters.tsv"), &mut log)?;
            return Ok(ExitCode::SUCCESS);
        }
        TrainWhat::Names { data, out } => dateline_train::ner::names(&input(data, &sh, "data/cameo_dictionaries/petrarch2")?, &model(out, "names.tsv"))?,
        TrainWhat::Gender { news: n, min, out } => dateline_train::gender::train(&news(n, &sh)?, min, &model(out, "gender.tsv"), super::models()?)?,
        TrainWhat::Ner { data, clusters, names, out, epochs, one_stage, prune, dev, dev_predictions } => {
            let t = dateline_train::ner::NerTraining {
                data: input(data, &sh, "data/conll2003/eng.train.bio.txt")?,
                clusters: model(clusters, "clusters.tsv"),
                names: model(names, "names.tsv"),
                out: model(out, "ner.bin"),
                epochs,
                one_stage,
                prune,
                dev,
                dev_predictions,
            };
            dateline_train::ner::train_ner(&t, &mut log)?;
            return Ok(ExitCode::SUCCESS);
        }
    };
    eprintln!("{done}");
    Ok(ExitCode::SUCCESS)
}
