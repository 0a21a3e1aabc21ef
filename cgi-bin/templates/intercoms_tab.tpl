{{%AUTOESCAPE context="HTML"}}
<section class="tab-intercoms" data-tab="intercoms" data-user-id="{{USER_ID}}">
  <form method="get" action="{{ACTION}}" class="filters" id="intercoms-filter">
    {{>LIMIT}}
    <button type="submit">Apply</button>
    <a href="{{CSV_HREF}}" class="download" download>Download CSV</a>
  </form>
  <table class="grid" id="intercoms-table">
    {{>THEAD}}
    <tbody>
    {{#ROW}}
      <tr data-intercom-id="{{ID}}" data-apartment-id="{{APARTMENT_ID}}" data-href="/admin/intercoms/{{ID}}?from={{USER_ID}}#general">
        <td><a href="/admin/intercoms/{{ID}}?from={{USER_ID}}#general" class="intercom">{{NAME}}</a></td>
        <td>{{ADDRESS}}</td>
        <td>{{DEPARTMENT}}</td>
        <td>{{APARTMENT}}</td>
        <td class="keys">{{#KEYS_ITEM}}<code class="key">{{VALUE}}</code> {{/KEYS_ITEM}}{{#NO_KEYS}}<span class="empty">no keys</span>{{/NO_KEYS}}</td>
        <td><time datetime="{{CREATED_AT_ISO}}">{{CREATED_AT}}</time></td>
      </tr>
    {{/ROW}}
    {{#EMPTY}}<tr><td colspan="6" class="empty">This user is linked to no intercom.</td></tr>{{/EMPTY}}
    </tbody>
  </table>
  {{>PAGER}}
</section>
