"""The multilingual name pools of the bulk demo: German, Italian, Chinese, Bulgarian and English."""

from __future__ import annotations

from dataclasses import dataclass

from salesdesk.customers.choices import CompanySize

# Latin spellings for e-mail addresses (what people actually use for Chinese and Bulgarian names).
LATIN = {
    "芳": "fang", "伟": "wei", "娜": "na", "秀英": "xiuying", "敏": "min", "静": "jing", "丽": "li",
    "强": "qiang", "磊": "lei", "洋": "yang", "艳": "yan", "勇": "yong", "王": "wang", "李": "li",
    "张": "zhang", "刘": "liu", "陈": "chen", "杨": "yang", "黄": "huang", "赵": "zhao", "吴": "wu",
    "周": "zhou", "Иван": "ivan", "Мария": "maria", "Георги": "georgi", "Петър": "petar", "Елена": "elena",
    "Димитър": "dimitar", "Николай": "nikolay", "Радка": "radka", "Стоян": "stoyan", "Петров": "petrov",
    "Иванов": "ivanov", "Георгиев": "georgiev", "Димитров": "dimitrov", "Стоянов": "stoyanov",
    "Николов": "nikolov", "Тодоров": "todorov", "Колев": "kolev",
}  # fmt: skip
_TO_ASCII = str.maketrans({"ü": "ue", "ö": "oe", "ä": "ae", "ß": "ss", "ò": "o", "Ü": "Ue", "Ö": "Oe"})


def ascii_handle(name: str) -> str:
    """A name as it appears in e-mail addresses and web sites."""
    return LATIN.get(name) or name.translate(_TO_ASCII).lower()


@dataclass(frozen=True)
class Culture:
    country: str
    language: str  # as the product spells it (customers' and users' languages)
    currency: str
    territory: str  # code of the demo territory its accounts fall in ("" for none)
    first_names: tuple[str, ...]
    last_names: tuple[str, ...]
    company_words: tuple[str, ...]
    legal_forms: tuple[str, ...]
    cities: tuple[str, ...]
    tld: str
    phone_prefix: str
    phone_digits: int
    titles: tuple[str, ...]


CULTURES = (
    Culture(
        "DE", "de", "EUR", "dach",
        ("Anna", "Jürgen", "Lukas", "Sophie", "Matthias", "Katrin", "Björn", "Jörg", "Uwe", "Lena"),
        ("Müller", "Schmidt", "Schneider", "Fischer", "Weiß", "Größer", "Becker", "Hoffmann", "Schäfer"),
        ("Maschinenbau", "Logistik", "Bäckerei", "Elektrotechnik", "Möbelwerk", "Druckerei", "Software"),
        ("GmbH", "AG", "KG", "GmbH & Co. KG"),
        ("Berlin", "München", "Köln", "Düsseldorf", "Nürnberg"),
        "de", "49", 10, ("Einkaufsleiter", "Geschäftsführerin", "Marketingleiter", ""),
    ),
    Culture(
        "IT", "it", "EUR", "south-east",
        ("Giulia", "Niccolò", "Chiara", "Marco", "Francesca", "Lorenzo", "Alessandro", "Beatrice"),
        ("Rossi", "Russo", "Ferrari", "Esposito", "Bianchi", "Romano", "Colombo", "Ricci", "Marino"),
        ("Costruzioni", "Tessile", "Alimentari", "Meccanica", "Arredamenti", "Trasporti", "Vini"),
        ("S.r.l.", "S.p.A.", "S.n.c."),
        ("Milano", "Torino", "Napoli", "Firenze", "Bologna"),
        "it", "39", 10, ("Direttore acquisti", "Responsabile marketing", "Titolare", ""),
    ),
    Culture(
        "CN", "zh-hans", "CNY", "china",
        ("芳", "伟", "娜", "秀英", "敏", "静", "丽", "强", "磊", "洋", "艳", "勇"),
        ("王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周"),
        ("电子", "贸易", "机械", "纺织", "科技", "物流", "食品"),
        ("有限公司", "股份有限公司"),
        ("上海", "深圳", "北京", "广州", "杭州"),
        "cn", "86", 11, ("采购经理", "市场总监", "总经理", ""),
    ),
    Culture(
        "BG", "bg", "BGN", "south-east",
        ("Иван", "Мария", "Георги", "Петър", "Елена", "Димитър", "Николай", "Радка", "Стоян"),
        ("Петров", "Иванов", "Георгиев", "Димитров", "Стоянов", "Николов", "Тодоров", "Колев"),
        ("Строй", "Транс", "Агро", "Текстил", "Софт", "Мебели"),
        ("ЕООД", "ООД", "АД"),
        ("София", "Пловдив", "Варна", "Бургас", "Русе"),
        "bg", "359", 9, ("Управител", "Търговски директор", "Маркетинг мениджър", ""),
    ),
    Culture(
        "GB", "en", "GBP", "",
        ("James", "Olivia", "William", "Emily", "Thomas", "Charlotte", "George", "Amelia", "Harry"),
        ("Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Evans"),
        ("Engineering", "Logistics", "Foods", "Textiles", "Software", "Printing", "Furniture"),
        ("Ltd", "PLC", "LLP"),
        ("London", "Leeds", "Bristol", "Manchester", "Glasgow"),
        "co.uk", "44", 10, ("Head of Purchasing", "Marketing Director", "CEO", ""),
    ),
)  # fmt: skip
INDUSTRIES = ("Manufacturing", "Retail", "Wholesale", "Food", "Technology", "Construction", "Logistics")
COMPANY_SIZES = (*CompanySize.values, "")
