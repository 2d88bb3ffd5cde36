#!/usr/bin/env python3
"""Generates a synthetic catalog manifest (lessons and recordings with Thai titles) and a query set.

usage: catalog-generate.py COUNT OUTDIR   → OUTDIR/catalog.json (manifest), OUTDIR/queries.json (1,000 queries)
Deterministic (fixed seed) so runs compare.
"""
import datetime, json, random, sys

count, out = int(sys.argv[1]), sys.argv[2]
random.seed(2569)
areas = {
    "ค": ["การบวกเศษส่วน", "การลบเศษส่วน", "ทศนิยม", "ร้อยละ", "สมการเชิงเส้น", "พื้นที่ของรูปสามเหลี่ยม", "แผนภาพกล่อง", "การคูณจำนวนนับ", "ความน่าจะเป็น", "อัตราส่วน"],
    "ท": ["คำนามและคำสรรพนาม", "การเขียนเรียงความ", "การอ่านจับใจความ", "ร้อยกรอง", "วรรณคดีไทย", "มาตราตัวสะกด", "คำราชาศัพท์"],
    "ว": ["ระบบสุริยะ", "การแบ่งเซลล์", "แรงและการเคลื่อนที่", "สารและสมบัติของสาร", "พลังงานไฟฟ้า", "ระบบนิเวศ", "การสังเคราะห์ด้วยแสง"],
    "ส": ["ประวัติศาสตร์สุโขทัย", "หน้าที่พลเมือง", "ภูมิศาสตร์ประเทศไทย", "เศรษฐกิจพอเพียง", "พระพุทธศาสนา"],
    "พ": ["การเจริญเติบโต", "โภชนาการ", "กีฬาฟุตบอล", "ความปลอดภัยในชีวิต"],
    "ศ": ["ดนตรีไทย", "การวาดภาพสีน้ำ", "นาฏศิลป์ไทย", "ทัศนศิลป์"],
    "ง": ["การปลูกผักสวนครัว", "การทำอาหาร", "เทคโนโลยีสารสนเทศ", "งานประดิษฐ์"],
    "อ": ["Greetings and Introductions", "My Family", "Daily Routines", "Food and Drinks", "Past Simple Tense", "Reading Short Stories"],
}
area_names = {"ค": "คณิตศาสตร์", "ท": "ภาษาไทย", "ว": "วิทยาศาสตร์และเทคโนโลยี", "ส": "สังคมศึกษา", "พ": "สุขศึกษาและพลศึกษา",
              "ศ": "ศิลปะ", "ง": "การงานอาชีพ", "อ": "ภาษาอังกฤษ"}
indicator_letter = {"อ": "ต"}
grades = [f"P{i}" for i in range(1, 7)] + [f"M{i}" for i in range(1, 7)]
channel_for = {f"P{i}": f"DLTV{i}" for i in range(1, 7)}
channel_for.update({f"M{i}": f"DLTV{i + 6}" for i in range(1, 4)})
channel_for.update({f"M{i}": f"DLTV{i + 9}" for i in range(4, 7)})
prefixes = ["", "ทบทวน", "แบบฝึก", "กิจกรรม", "ตอนที่ 1 ", "ตอนที่ 2 ", "เรียนรู้เรื่อง"]
records = []
for n in range(count):
    area = random.choice(list(areas))
    topic = random.choice(areas[area])
    grade = random.choice(grades)
    level = ("ป." if grade[0] == "P" else "ม.") + grade[1]
    rec = {"key": f"bench-{n}", "title": f"{random.choice(prefixes)}{topic} ({n})", "grade": grade, "learningArea": area,
           "subject": area_names[area], "description": f"{topic} สำหรับชั้น {level} หน่วยที่ {n % 12 + 1}",
           "indicators": [f"{indicator_letter.get(area, area)} {random.randint(1, 4)}.{random.randint(1, 3)} {level}/{random.randint(1, 9)}"],
           "academicYear": 2569, "term": 1}
    if n % 2 == 0:
        air = datetime.date(2026, 5, 18) + datetime.timedelta(days=(n // 10) % 140)
        rec.update(kind="dltv_recording", channel=channel_for[grade], airDate=air.isoformat(), period=n % 5 + 1)
    else:
        rec.update(kind="dlit_lesson", unit=topic, lessonNumber=n % 20 + 1)
    records.append(rec)
json.dump({"sample": False, "records": records}, open(f"{out}/catalog.json", "w"), ensure_ascii=False)

queries = []
words = [w for topics in areas.values() for t in topics for w in [t, t[:4], t[-5:]]] + ["เศษส่วน", "fraction", "Family", "ระบบ", "การ"]
for i in range(1000):
    q = {}
    if i % 5 != 4:
        q["text"] = random.choice(words)
    if i % 3 == 0:
        q["grades"] = [random.choice(grades)]
    if i % 4 == 1:
        q["learningAreas"] = [random.choice(list(areas))]
    if i % 7 == 2:
        q["channel"] = f"DLTV{random.randint(1, 15)}"
    if i % 6 == 3:
        q["from"], q["to"] = "2026-06-20", "2026-07-20"
    if i % 8 == 5:
        q["kinds"] = [random.choice(["dltv_recording", "dlit_lesson"])]
    q["sort"] = random.choice(["relevance", "relevance", "newest"])
    q["page"] = random.choice([1, 1, 1, 2, 5])
    queries.append(q)
json.dump(queries, open(f"{out}/queries.json", "w"), ensure_ascii=False, indent=0)
print(f"wrote {count} records and {len(queries)} queries to {out}")
