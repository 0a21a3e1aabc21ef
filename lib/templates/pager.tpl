{{%AUTOESCAPE context="HTML"}}
<nav class="pager" aria-label="Pages">{{#FIRST}}<a href="{{HREF}}" class="page-first">First page</a>{{/FIRST}}{{#NEXT}} <a href="{{HREF}}" rel="next" class="page-next">Next page</a>{{/NEXT}}</nav>
