#!/usr/bin/env python3
"""Writes catalog/templates/*.json, Madoguchi's template library (decision 0020 §21), from the short descriptions in
templates_*.py beside this file.

The JSON files are what ships, is reviewed as data and is checked by the tests (the catalog's own schema and rules);
this script only saves writing the same data model twice for every question. Run it after changing a description:

    python3 scripts/templates/build_templates.py

Every template is city-neutral: no city's name, address or telephone number; a department from catalog/departments.json
(a city that has another 課 chooses its own when it adopts the template).
"""
import importlib
import json
import pathlib
import sys

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent.parent
OUT = ROOT / "catalog" / "templates"


def q(path, widget, label, *, opt=False, hint=None, options=None, max=None, min=None, prefill=None, when=None,
      fields=None, item=None, max_items=10, min_items=None, past=False, future=False, size_mb=None):
    """One question. `when` is (path, value) or (path, [values]); `options` is [(value, label)]."""
    field = {"path": path, "widget": widget, "label": label}
    if hint:
        field["hint"] = hint
    if options:
        field["options"] = [{"value": v, "label": l} for v, l in options]
    if prefill:
        field["prefill"] = prefill
    if when:
        on, value = when
        field["visibleWhen"] = {"path": on, "in": value} if isinstance(value, list) else {"path": on, "equalTo": value}
    if widget == "repeat":
        field["itemLabel"] = item or label
        field["fields"] = fields
        field["maxItems"] = max_items
        if min_items:
            field["minItems"] = min_items
    if past:
        field["dates"] = {"toToday": 0}
    if future:
        field["dates"] = {"fromToday": 0}
    if size_mb:
        field["maxSizeMb"] = size_mb
    return {"field": field, "opt": opt, "max": max, "min": min}


def schema_of(question):
    field = question["field"]
    widget = field["widget"]
    if widget == "repeat":
        items = {"type": "object", "properties": {}}
        for child in field["fields"]:
            place(items, child["field"]["path"].split("."), schema_of(child), not child["opt"] and child["field"]["widget"] != "checkbox")
        schema = {"type": "array", "maxItems": field["maxItems"], "items": items}
        if field.get("minItems"):
            schema["minItems"] = field["minItems"]
        field["fields"] = [child["field"] for child in field["fields"]]
        return schema
    if widget in ("radios", "select"):
        return {"enum": [o["value"] for o in field["options"]]}
    if widget == "checkbox":
        return {"const": True} if not question["opt"] and question.get("must_tick") else {"type": "boolean"}
    if widget == "number":
        return {"type": "integer", "minimum": question["min"] if question["min"] is not None else 0, "maximum": question["max"] or 999}
    if widget == "file":
        return {"type": "object", "required": ["sha256", "name", "size", "contentType"], "properties": {
            "sha256": {"type": "string"}, "name": {"type": "string"}, "size": {"type": "integer"},
            "contentType": {"enum": ["application/pdf", "image/jpeg", "image/png"]}}}
    if widget == "bank-account":
        return {"type": "object", "required": ["bankCode", "branchCode", "type", "number", "holderKana"], "properties": {
            "bankCode": {"type": "string", "format": "jp-bank-code"}, "branchCode": {"type": "string", "format": "jp-branch-code"},
            "type": {"enum": ["ordinary", "current"]}, "number": {"type": "string", "format": "jp-account-number"},
            "holderKana": {"type": "string", "format": "katakana", "maxLength": 60}}}
    if widget == "map":
        return {"type": "object", "additionalProperties": False, "required": ["lat", "lng"], "properties": {
            "lat": {"type": "number", "minimum": 20, "maximum": 46}, "lng": {"type": "number", "minimum": 122, "maximum": 154}}}
    formats = {"kana": "katakana", "date": "date", "email": "email", "phone": "jp-phone", "postal-code": "jp-postal-code", "my-number": "my-number"}
    lengths = {"text": 100, "textarea": 1000, "name": 30, "kana": 60, "email": 254}
    schema = {"type": "string"}
    if widget in formats:
        schema["format"] = formats[widget]
    if widget in lengths or question["max"]:
        schema["maxLength"] = question["max"] or lengths[widget]
    if question["min"] and widget in ("text", "textarea"):
        schema["minLength"] = question["min"]
    return schema


def place(root, parts, schema, required):
    """Puts a question's schema at its path (objects made on the way); a required one in its object's list (the form engine
    asks a question with a condition only while it is shown)."""
    node = root
    for part in parts[:-1]:
        if required and part not in node.setdefault("required", []):
            node["required"].append(part)
        node = node["properties"].setdefault(part, {"type": "object", "properties": {}})
    node["properties"][parts[-1]] = schema
    if required:
        node.setdefault("required", []).append(parts[-1])


def step(step_id, title, *questions, intro=None):
    return {"id": step_id, "title": title, "intro": intro, "questions": list(questions)}


AGREE_TEXT = "入力した内容に誤りがないことを確認しました"


def agree(label=AGREE_TEXT):
    question = q("agree", "checkbox", label)
    question["must_tick"] = True
    return question


def person(prefix, who, *, birth=True, kana=True, address=True, phone=True, me=True, birth_opt=False):
    """Name, フリガナ, date of birth, address and telephone of someone, prefilled from the resident's data when it is the applicant."""
    pre = (lambda item: f"resident.{item}") if me else (lambda item: None)
    out = [q(f"{prefix}.name", "name", f"{who}の氏名", prefill=pre("name"))]
    if kana:
        out.append(q(f"{prefix}.kana", "kana", f"{who}のフリガナ", prefill=pre("kana")))
    if birth:
        out.append(q(f"{prefix}.birthDate", "date", f"{who}の生年月日", prefill=pre("birthDate"), past=True, opt=birth_opt))
    if address:
        out.append(q(f"{prefix}.postalCode", "postal-code", "郵便番号", prefill=pre("postalCode"), opt=True))
        out.append(q(f"{prefix}.address", "text", f"{who}の住所", max=200, prefill=pre("address")))
    if phone:
        out.append(q(f"{prefix}.phone", "phone", "日中に連絡がとれる電話番号", prefill=pre("phone")))
    return out


def applicant(who="申請者", **kwargs):
    return person("applicant", who, **kwargs)


def bank(label="振込先の口座"):
    return q("account", "bank-account", label, hint="申請者本人の名義の口座。公金受取口座を使う場合も入力してください")


def template(template_id, name, yomi, category, department, description, who, *, steps=(), identity="account", fee=None,
             attachments=(), days=None, channels=None, legal=None, events=(), proxy=None, my_number_basis=None,
             deadline=None, external=None, bring=(), approval=False, official=None, national=None):
    online = len(steps) > 0
    definition = {"$schema": "../schemas/procedure.schema.json", "id": template_id, "name": name}
    if official:
        definition["officialName"] = official
    if national:
        definition["nationalProcedureNumber"] = national
    definition.update({"yomi": yomi, "category": category, "lifeEvents": list(events), "department": department})
    if legal:
        definition["legalBasis"] = legal
    if approval:
        definition["requiresApproval"] = True
    if my_number_basis:
        definition["myNumberLegalBasis"] = my_number_basis
    definition["description"] = description
    definition["whoMayApply"] = {"self": who} | ({"proxy": proxy} if proxy else {})
    definition["identityLevel"] = identity
    definition["fee"] = fee or {"type": "none"}
    if attachments:
        definition["attachments"] = [{"name": a[0], "required": a[1]} | ({"note": a[2]} if len(a) > 2 else {}) for a in attachments]
    if days is not None:
        definition["standardProcessingDays"] = days
    if deadline:
        definition["deadline"] = deadline
    definition["channels"] = list(channels or (["online", "counter"] if online else ["counter"]))
    definition["mode"] = "online-form" if online else "guidance"
    if external:
        definition["externalUrl"] = external
    if bring:
        definition["whatToBring"] = list(bring)
    if online:
        root = {"type": "object", "properties": {}}
        steps_out = []
        for s in steps:
            fields = []
            for question in s["questions"]:
                field = question["field"]
                schema = schema_of(question)
                required = (not question["opt"] and field["widget"] != "checkbox") or question.get("must_tick", False)
                place(root, field["path"].split("."), schema, required)
                fields.append(field)
            out = {"id": s["id"], "title": s["title"]}
            if s["intro"]:
                out["intro"] = s["intro"]
            out["fields"] = fields
            steps_out.append(out)
        definition["form"] = {"schema": root, "steps": steps_out}
    return definition


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    written = set()
    for module_file in sorted(HERE.glob("templates_*.py")):
        module = importlib.import_module(module_file.stem)
        for definition in module.TEMPLATES:
            template_id = definition["id"]
            if template_id in written:
                sys.exit(f"{template_id}: written twice")
            if (ROOT / "catalog" / "procedures" / f"{template_id}.json").exists():
                sys.exit(f"{template_id}: is already a procedure of the catalog; a template needs an id of its own")
            written.add(template_id)
            text = json.dumps(definition, ensure_ascii=False, indent=2) + "\n"
            (OUT / f"{template_id}.json").write_text(text, encoding="utf-8")
    for stale in OUT.glob("*.json"):
        if stale.stem not in written:
            stale.unlink()
    print(f"{len(written)} templates written to {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    sys.path.insert(0, str(HERE))
    main()
