{{%AUTOESCAPE context="HTML"}}
<nav class="pager" aria-label="Pages">{{#FIRST}}<a href="{{HREF}}" class="page-first">{{LABEL}}</a>{{/FIRST}}{{#PREV}} <a href="{{HREF}}" rel="prev" class="page-prev">{{LABEL}}</a>{{/PREV}}{{#NEXT}} <a href="{{HREF}}" rel="next" class="page-next">{{LABEL}}</a>{{/NEXT}}</nav>
