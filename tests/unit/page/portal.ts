/** Synthetic portal pages for the extraction tests (the layouts seen on real gov.cn portals). */

/** A TRS-style published document: header, nav, breadcrumb, metadata table, share, footer. */
export const TRS_PAGE = `<!DOCTYPE html><html><head><meta charset="utf-8">
<title>关于印发《某市行政规范性文件管理办法》的通知_某市人民政府门户网站</title>
<meta name="ArticleTitle" content="关于印发《某市行政规范性文件管理办法》的通知"></head>
<body><div class="header"><h1 class="logo">某市人民政府</h1>
<ul class="nav-list"><li><a href="/">首页</a></li><li><a href="/zw">政务公开</a></li></ul></div>
<nav><a href="/a">机构概况</a><a href="/b">新闻中心</a></nav>
<div class="breadcrumb">当前位置：<a href="/">首页</a> &gt; <a href="/zw">政策文件</a></div>
<div class="main">
 <table class="xxgk-table"><tr><td>索 引 号：</td><td>11510000/2024-00012</td><td>主题分类：</td><td>综合政务</td></tr>
 <tr><td>发文机关：</td><td>某市人民政府办公室</td><td>成文日期：</td><td>2024年3月1日</td></tr>
 <tr><td>发&nbsp;文&nbsp;字&nbsp;号：</td><td>某府办规〔2024〕1号</td><td>有效性：</td><td>有效</td></tr></table>
 <h2 class="article-title">关于印发《某市行政规范性文件管理办法》的通知</h2>
 <div class="info">发布日期：2024-03-05&nbsp;&nbsp;来源：市司法局 【字体：<a href="#">大</a> <a href="#">中</a> <a href="#">小</a>】【打印】</div>
 <div id="zoom" class="TRS_Editor">
  <p style="text-indent:2em">\u3000\u3000各区县人民政府，市政府各部门：</p>
  <p>\u3000\u3000现将《某市行政规范性文件管理办法》印发给你们，请认真贯彻执行。</p>
  <p align="center"><strong>某市行政规范性文件管理办法</strong></p>
  <p>\u3000\u3000第一条\u3000为了加强行政规范性文件管理，根据有关法律、法规，结合本市实际，制定本办法。</p>
  <p>\u3000\u3000第二条\u3000行政规范性文件实行统一登记、统一编号、统一印发制度。</p>
  <p>\u3000\u3000第三条\u3000本办法自2024年5月1日起施行，有效期5年。</p>
  <table><tr><td>序号</td><td>名称</td></tr><tr><td>1</td><td>甲   乙</td></tr></table>
  <p>某市人民政府办公室<br>2024年3月1日</p>
 </div>
 <div class="fujian">附件：<a href="/files/附件1.docx">附件1.管理办法解读.docx</a> <a href="att/2.pdf?x=1">2.pdf 文件</a></div>
 <div class="bdsharebuttonbox">分享到：<a href="#" class="bds_weixin">微信</a></div>
 <div class="hide" style="display:none">隐藏的副本，不应出现。</div>
</div>
<footer>主办单位：某市人民政府办公室 版权所有。</footer>
<div class="footer">联系我们 | 网站地图</div>
</body></html>`;

/** A consultation notice with the draft only as attachments, metadata as a list. */
export const DRAFT_ATTACHMENT_PAGE = `<!DOCTYPE html><html><head><title>关于公开征求《某市停车管理办法（征求意见稿）》意见的公告-某市交通运输局</title></head>
<body><header><div class="site">某市交通运输局</div></header>
<aside><h3>相关文章</h3><ul><li><a href="/x">某某新闻</a></li></ul></aside>
<article>
<h1>关于公开征求《某市停车管理办法（征求意见稿）》意见的公告</h1>
<ul class="meta"><li><span>发布机构：</span><span>某市交通运输局</span></li><li><span>发布日期：</span><span>2024-06-01</span></li><li>截止日期：2024-07-01</li></ul>
<div class="article-content">
<p>为规范停车管理，我局起草了《某市停车管理办法（征求意见稿）》，现公开征求社会各界意见。</p>
<p>请于2024年7月1日前将意见发送至电子邮箱。</p>
<p>附件：<a href="https://files.example.gov.cn/a/draft.DOCX#p1">某市停车管理办法（征求意见稿）</a></p>
<p><a href="/download?id=7">意见反馈表.wps</a> <a href="javascript:void(0)">打印</a></p>
</div>
</article>
<form class="comment"><label>留言</label><textarea>我的意见</textarea><button>提交</button></form>
<footer><p>版权所有 © 某市交通运输局</p></footer>
</body></html>`;

/** An old table-layout portal: everything in nested tables, text split by <br>. */
export const TABLE_LAYOUT_PAGE = `<html><head><title>某县人民政府关于印发某某规定的通知</title></head><body>
<table width="100%"><tr><td class="top">某县人民政府网 | 首页 | 政务公开 | 办事服务</td></tr>
<tr><td><table><tr><td width="200" class="left"><a href="/1">通知公告</a><br><a href="/2">政策法规</a><br><a href="/3">人事信息</a></td>
<td class="bt_content"><div align="center"><font size="5"><b>某县人民政府关于印发某某规定的通知</b></font></div>
<div id="fontzoom">某政规〔2023〕2号<br><br>各乡镇人民政府：<br>\u3000\u3000现将《某某规定》印发给你们，请遵照执行。<br>\u3000\u3000第一条\u3000为了规范管理，制定本规定。<br>\u3000\u3000第二条\u3000本规定自印发之日起施行。</div></td></tr></table></td></tr>
<tr><td class="bottom">版权所有：某县人民政府\u3000\u3000技术支持：某公司</td></tr></table></body></html>`;

/** Not a document: a portal home page. */
export const HOME_PAGE = `<html><head><title>某市人民政府门户网站</title></head><body>
<nav><a href="/">首页</a><a href="/news">要闻</a></nav>
<div class="news"><ul><li><a href="/n1">市长调研城市建设工作</a></li><li><a href="/n2">我市召开经济工作会议</a></li></ul></div>
<div class="service"><a href="/s">办事服务</a></div>
<footer>版权所有</footer></body></html>`;
