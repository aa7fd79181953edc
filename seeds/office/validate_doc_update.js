// The office database's validate_doc_update (installed by `npm run office:setup`): the server
// refuses what a modified or careless client sends. CouchDB runs this text in its own
// JavaScript sandbox, so it is one self-contained ES5 function (no imports, no arrow functions,
// no let/const), and every refusal is `throw({ forbidden: '<Chinese reason>' })`, which CouchDB
// answers with HTTP 403 and that reason, which the extension shows as it is.
//
// Documents (lib/office/docs.ts writes them):
//   record:<id>  { type: 'guishen-record', owner: <CouchDB user name>, record: <review record> }
//   text:<id>    { type: 'guishen-text',   owner: <CouchDB user name>, version: <document text> }
// Rules: a member (role guishen-reviewer) creates and changes only documents whose owner is
// their own user name and may not delete others'; a lead (role guishen-lead, or a server or
// database admin) may correct any document. Every live document must match the record schema
// (types, required fields, sizes) — the same limits as a backup restore (lib/backup.ts).
// eslint-disable-next-line @typescript-eslint/no-unused-vars
function validate(newDoc, oldDoc, userCtx, secObj) {
  var roles = (userCtx && userCtx.roles) || [];
  var name = (userCtx && userCtx.name) || null;
  var isLead = roles.indexOf('_admin') >= 0 || roles.indexOf('guishen-lead') >= 0;
  if (!isLead && secObj && secObj.admins && secObj.admins.names) {
    isLead = secObj.admins.names.indexOf(name) >= 0;
  }
  function deny(reason) {
    throw { forbidden: reason };
  }
  if (!name) deny('未登录：请先用审查人员账号登录');
  if (!isLead && roles.indexOf('guishen-reviewer') < 0)
    deny('账号“' + name + '”不是本办公室的审查人员（缺少 guishen-reviewer 角色）');

  var owner = oldDoc && oldDoc.owner;
  if (newDoc._deleted) {
    if (!isLead && oldDoc && owner !== name)
      deny('不能删除其他审查人员（' + owner + '）的记录，只有负责人可以');
    return;
  }
  if (!isLead && oldDoc && !oldDoc._deleted && owner !== name)
    deny('不能修改其他审查人员（' + owner + '）的记录，只有负责人可以更正');
  if (!isLead && newDoc.owner !== name)
    deny('只能保存本人（' + name + '）的记录，这条记录的审查人员是“' + newDoc.owner + '”');

  var ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/;
  var ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
  var SHA256 = /^[0-9a-f]{64}$/;
  function where(path) {
    return '文档“' + newDoc._id + '”的字段 ' + path;
  }
  function str(value, path, max, min) {
    if (typeof value !== 'string') deny(where(path) + ' 应为文字');
    if (value.length < (min || 0)) deny(where(path) + ' 不能为空');
    if (value.length > max)
      deny(where(path) + ' 过长（' + value.length + ' 个字符，上限 ' + max + '）');
  }
  function optStr(value, path, max) {
    if (value !== undefined && value !== null) str(value, path, max);
  }
  function instant(value, path) {
    if (typeof value !== 'string' || !ISO_INSTANT.test(value))
      deny(where(path) + ' 应为 ISO 8601 UTC 时间');
  }
  function date(value, path) {
    if (
      value !== null &&
      value !== undefined &&
      (typeof value !== 'string' || !ISO_DATE.test(value))
    )
      deny(where(path) + ' 应为 YYYY-MM-DD 日期');
  }
  function oneOf(value, list, path) {
    if (list.indexOf(value) < 0) deny(where(path) + ' 应为 ' + list.join('、') + ' 之一');
  }
  function obj(value, path) {
    if (!value || typeof value !== 'object' || Array.isArray(value))
      deny(where(path) + ' 应为对象');
  }
  function arr(value, path, max) {
    if (!Array.isArray(value)) deny(where(path) + ' 应为列表');
    if (value.length > max)
      deny(where(path) + ' 条数过多（' + value.length + ' 条，上限 ' + max + '）');
  }

  str(newDoc.owner, 'owner', 200, 1);
  if (newDoc.type === 'guishen-record') {
    var r = newDoc.record;
    obj(r, 'record');
    str(r.id, 'record.id', 200, 1);
    if (newDoc._id !== 'record:' + r.id) deny(where('_id') + ' 应为 “record:' + r.id + '”');
    str(r.docKey, 'record.docKey', 4000, 1);
    str(r.url, 'record.url', 8000);
    str(r.title, 'record.title', 2000);
    optStr(r.docNumber, 'record.docNumber', 500);
    optStr(r.registrationNumber, 'record.registrationNumber', 500);
    oneOf(r.classification, ['normative', 'non-normative'], 'record.classification');
    oneOf(r.conclusion, ['通过', '修改后通过', '不予通过'], 'record.conclusion');
    str(r.opinion, 'record.opinion', 200000);
    str(r.reviewer, 'record.reviewer', 200);
    optStr(r.conclusionReason, 'record.conclusionReason', 2000);
    optStr(r.docTitle, 'record.docTitle', 500);
    optStr(r.drafter, 'record.drafter', 200);
    optStr(r.office, 'record.office', 200);
    date(r.receivedDate, 'record.receivedDate');
    date(r.dueDate, 'record.dueDate');
    instant(r.reviewedAt, 'record.reviewedAt');
    instant(r.createdAt, 'record.createdAt');
    instant(r.updatedAt, 'record.updatedAt');
    if (r.deletedAt !== null) instant(r.deletedAt, 'record.deletedAt');
    if (typeof r.round !== 'number' || r.round < 1 || Math.floor(r.round) !== r.round)
      deny(where('record.round') + ' 应为正整数');
    obj(r.facts, 'record.facts');
    obj(r.findingCounts, 'record.findingCounts');
    arr(r.findings, 'record.findings', 10000);
    for (var i = 0; i < r.findings.length; i++) {
      obj(r.findings[i], 'record.findings[' + i + ']');
      str(r.findings[i].message, 'record.findings[' + i + '].message', 20000);
    }
    arr(r.packs, 'record.packs', 100);
    str(r.extensionVersion, 'record.extensionVersion', 100);
    if (r.textHash !== null && (typeof r.textHash !== 'string' || !SHA256.test(r.textHash)))
      deny(where('record.textHash') + ' 应为 64 位十六进制 SHA-256');
    if (r.history !== undefined) arr(r.history, 'record.history', 1000);
  } else if (newDoc.type === 'guishen-text') {
    var v = newDoc.version;
    obj(v, 'version');
    str(v.id, 'version.id', 200, 1);
    if (newDoc._id !== 'text:' + v.id) deny(where('_id') + ' 应为 “text:' + v.id + '”');
    str(v.docKey, 'version.docKey', 4000, 1);
    str(v.recordId, 'version.recordId', 200, 1);
    str(v.text, 'version.text', 10000000);
    if (typeof v.textHash !== 'string' || !SHA256.test(v.textHash))
      deny(where('version.textHash') + ' 应为 64 位十六进制 SHA-256');
    instant(v.createdAt, 'version.createdAt');
  } else {
    deny('文档“' + newDoc._id + '”的类型“' + newDoc.type + '”不是规审的审查记录或文本');
  }
}
