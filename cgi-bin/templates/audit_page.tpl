{{%AUTOESCAPE context="HTML"}}
<section class="audit-all" data-list="audit-all">
  <h1>Audit trail</h1>
  <p class="note">Every administrator's actions, newest first, sign-ins included. Times and days are in the zone shown with each time.</p>
  <form method="get" action="{{ACTION}}" class="filters" id="audit-all-filter" role="search">
    <label for="audit-admin">Administrator</label>
    <select name="admin" id="audit-admin">
      <option value="">All administrators</option>
      {{#ADMIN_OPTION}}<option value="{{VALUE}}"{{#SELECTED}} selected{{/SELECTED}}>{{LABEL}}</option>
      {{/ADMIN_OPTION}}
    </select>
    <label for="audit-action">Action</label>
    <select name="action" id="audit-action">
      <option value="">All actions</option>
      {{#ACTION_OPTION}}<option value="{{VALUE}}"{{#SELECTED}} selected{{/SELECTED}}>{{LABEL}}</option>
      {{/ACTION_OPTION}}
    </select>
    <label for="audit-from">From</label> <input type="date" name="from" id="audit-from" value="{{FROM}}">
    <label for="audit-to">To</label> <input type="date" name="to" id="audit-to" value="{{TO}}">
    {{>LIMIT}}
    <button type="submit">Filter</button>
    <a href="{{CSV_HREF}}" class="download" download>Download CSV</a>
  </form>
  <table class="grid" id="audit-table">
    {{>THEAD}}
    <tbody>
    {{#ROW}}
      <tr data-audit-id="{{ID}}" data-action="{{ACTION}}" class="audit-row">
        <td class="created"><time datetime="{{CREATED_AT_ISO}}">{{CREATED_AT}}</time></td>
        <td class="admin">{{ADMIN}}{{#NO_ADMIN}}<span class="empty">—</span>{{/NO_ADMIN}}</td>
        <td class="user">{{#ON_USER}}<a href="/admin/users/{{USER_ID}}?tab=audit">{{USERNAME}}</a> <span class="user-id">{{USER_ID}}</span>{{/ON_USER}}</td>
        <td class="action"><span class="label">{{LABEL}}</span>{{#KNOWN}} <code class="action-name">{{ACTION}}</code>{{/KNOWN}}</td>
        <td class="detail">{{DETAIL}}</td>
        <td class="addr">{{REMOTE_ADDR}}</td>
        <td class="agent">{{USER_AGENT}}</td>
      </tr>
    {{/ROW}}
    {{#EMPTY}}<tr><td colspan="7" class="empty">No action matches.</td></tr>{{/EMPTY}}
    </tbody>
  </table>
  {{>PAGER}}
</section>
