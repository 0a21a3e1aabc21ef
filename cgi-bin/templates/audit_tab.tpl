{{%AUTOESCAPE context="HTML"}}
<section class="tab-audit" data-tab="audit" data-user-id="{{USER_ID}}">
  <p class="note">What administrators did to this user, newest first: who, when, from where. Read-only.</p>
  <form method="get" action="{{ACTION}}" class="filters" id="audit-filter" role="search">
    <label for="audit-action">Action</label>
    <select name="action" id="audit-action">
      <option value="">All actions</option>
      {{#ACTION_OPTION}}<option value="{{VALUE}}"{{#SELECTED}} selected{{/SELECTED}}>{{LABEL}}</option>
      {{/ACTION_OPTION}}
    </select>
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
        <td class="action"><span class="label">{{LABEL}}</span>{{#KNOWN}} <code class="action-name">{{ACTION}}</code>{{/KNOWN}}</td>
        <td class="detail">{{DETAIL}}</td>
        <td class="addr">{{REMOTE_ADDR}}</td>
        <td class="agent">{{USER_AGENT}}</td>
      </tr>
    {{/ROW}}
    {{#EMPTY}}<tr><td colspan="6" class="empty">No administrator action on this user matches.</td></tr>{{/EMPTY}}
    </tbody>
  </table>
  {{>PAGER}}
</section>
