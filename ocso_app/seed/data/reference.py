"""Reference tables of the demo: banks, tiers-payant operators, towns of the South-West, company activities,
insurers."""

from __future__ import annotations

# Banks: (code banque, BIC) of French retail networks.
BANKS: tuple[tuple[str, str], ...] = (
    ("30004", "BNPAFRPPXXX"),
    ("30003", "SOGEFRPPXXX"),
    ("13306", "AGRIFRPP833"),
    ("10907", "CCBPFRPPBDX"),
    ("15589", "CMBRFR2BXXX"),
    ("20041", "PSSTFRPPBOR"),
    ("30002", "CRLYFRPPXXX"),
    ("11315", "CEPAFRPP131"),
    ("10278", "CMCIFR2AXXX"),
    ("17906", "AGRIFRPP879"),
)

TIERS_PAYANT_OPERATORS: tuple[str, ...] = ("VIAMEDIS",) * 6 + ("ALMERYS",)

# Towns of the South-West where OCSO's clients are: (postal code, city, INSEE commune number).
TOWNS: tuple[tuple[str, str, str], ...] = (
    ("33000", "BORDEAUX", "063"),
    ("33700", "MERIGNAC", "281"),
    ("33600", "PESSAC", "318"),
    ("33400", "TALENCE", "522"),
    ("33140", "VILLENAVE-D'ORNON", "550"),
    ("33150", "CENON", "119"),
    ("33110", "LE BOUSCAT", "069"),
    ("33200", "BORDEAUX", "063"),
    ("33520", "BRUGES", "075"),
    ("33260", "LA TESTE-DE-BUCH", "529"),
    ("33120", "ARCACHON", "009"),
    ("33500", "LIBOURNE", "243"),
    ("33310", "LORMONT", "249"),
    ("33170", "GRADIGNAN", "192"),
    ("33127", "MARTIGNAS-SUR-JALLE", "273"),
    ("64000", "PAU", "445"),
    ("64100", "BAYONNE", "102"),
    ("64200", "BIARRITZ", "122"),
    ("64600", "ANGLET", "024"),
    ("64500", "SAINT-JEAN-DE-LUZ", "483"),
    ("64140", "LONS", "348"),
    ("64300", "ORTHEZ", "430"),
    ("40100", "DAX", "088"),
    ("40000", "MONT-DE-MARSAN", "192"),
    ("40130", "CAPBRETON", "065"),
    ("40600", "BISCARROSSE", "046"),
    ("47000", "AGEN", "001"),
    ("24000", "PERIGUEUX", "322"),
    ("24100", "BERGERAC", "037"),
    ("17000", "LA ROCHELLE", "300"),
    ("16000", "ANGOULEME", "015"),
    ("65000", "TARBES", "440"),
    ("31000", "TOULOUSE", "555"),
    ("87000", "LIMOGES", "085"),
    ("86000", "POITIERS", "194"),
    ("79000", "NIORT", "191"),
)

COMPANY_ACTIVITIES: tuple[str, ...] = (
    "BOULANGERIE",
    "TRANSPORTS",
    "GARAGE",
    "CABINET D'ARCHITECTES",
    "MENUISERIE",
    "PHARMACIE",
    "HÔTEL",
    "RESTAURANT",
    "CAVES",
    "CHÂTEAU",
    "IMPRIMERIE",
    "ÉLECTRICITÉ",
    "PLOMBERIE",
    "ATELIER",
    "LABORATOIRE",
    "AGENCE IMMOBILIÈRE",
    "CONSEIL",
    "BÂTIMENT",
    "PAYSAGES",
    "CLINIQUE VÉTÉRINAIRE",
    "OPTIQUE",
    "FROMAGERIE",
)

INSURERS: tuple[str, ...] = ("Mutuelle des Deux Rives", "Atlantique Prévoyance", "Union Santé Aquitaine")
