"""The synthetic network: one seeded generator shared by the benchmarks and the window's "Load a sample network".

    net = generate(10_000, today)              # deterministic for (size, today, seed)
    write_store(net); derive(today)            # straight into the open store, one transaction
    write_vcard(net, "all.vcf"); write_vdir(net, "vdir/"); write_linkedin_csv(net, "Connections.csv")
    load_sample(today, 200) / remove_sample()  # what the window's menu calls
"""

from netdesk.sample.files import (
    linkedin_csv_text,
    vcard_text,
    write_linkedin_csv,
    write_vcard,
    write_vcard_and_vdir,
    write_vdir,
)
from netdesk.sample.generate import MAX_CONTACTS, MAX_INTERACTIONS, SEED, Network, SampleContact, generate
from netdesk.sample.load import SAMPLE_TAG, Written, load_sample, remove_sample, sample_loaded, write_store

__all__ = [
    "MAX_CONTACTS", "MAX_INTERACTIONS", "SAMPLE_TAG", "SEED", "Network", "SampleContact", "Written", "generate",
    "linkedin_csv_text", "load_sample", "remove_sample", "sample_loaded", "vcard_text", "write_linkedin_csv",
    "write_store", "write_vcard", "write_vcard_and_vdir", "write_vdir",
]
